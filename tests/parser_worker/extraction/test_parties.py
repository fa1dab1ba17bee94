import datetime as dt
from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.found import Found
from parser_worker.extraction.parties import (
    detect_report_date,
    detect_service_auditor,
    detect_service_organization,
    detect_system_name,
)

Doc = Callable[..., Document]


def _auditor(doc: Document) -> Found[str | None]:
    return detect_service_auditor(doc, org=detect_service_organization(doc).value)


REPORT = (
    "Independent Service Auditor's Report\n"
    "To the Board of Directors of Wayne Data Systems, Inc.:\n"
    "Scope\n"
    "We have examined Wayne Data Systems, Inc.'s accompanying description of its Enterprise "
    'Analytics Platform system titled "Description of the Enterprise Analytics Platform" '
    "throughout the period July 1, 2024 to June 30, 2025.\n"
    "Opinion\n"
    "In our opinion, in all material respects, the controls operated effectively.\n"
)


class TestServiceOrganization:
    def test_from_we_have_examined_and_salutation(self, document: Doc) -> None:
        found = detect_service_organization(document(REPORT))
        assert found.value == "Wayne Data Systems, Inc."
        assert found.confidence > 0.6

    def test_from_assertion_heading_style(self, document: Doc) -> None:
        doc = document(
            "Section II\nStark Logistics LLC's Assertion\nWe have prepared the description."
        )
        assert detect_service_organization(doc).value == "Stark Logistics LLC"

    @pytest.mark.parametrize(
        "text",
        [
            "To: Management of Quill Software Ltd.\nScope\nI examined Quill's description of "
            "its Quill Document Platform as of March 31, 2025.",
            "To the Board of Directors of Polar Benefits, LLC:\nI examined Polar's description "
            "of its benefits system throughout the period.",
            "Executive Summary\nService organization Polar Benefits, LLC\nService auditor Ann "
            "Lee, CPA\nI examined Polar's description of its system.",
            "Section 1: Management's Assertion\nWe have prepared the accompanying description of "
            'Polar Benefits, LLC\'s Polar Claims System titled "Description" as of May 1, 2025.',
        ],
    )
    def test_addressee_summary_row_and_assertion_name_the_full_legal_name(
        self, document: Doc, text: str
    ) -> None:
        assert detect_service_organization(document(text)).value in {
            "Quill Software Ltd.",
            "Polar Benefits, LLC",
        }

    def test_a_responsibilities_heading_is_not_a_name(self, document: Doc) -> None:
        doc = document("Service Organization Responsibilities\nAcme is responsible for it.")
        assert detect_service_organization(doc).value is None


class TestSystemName:
    def test_system_from_description_of_its(self, document: Doc) -> None:
        assert detect_system_name(document(REPORT)).value == "Enterprise Analytics Platform System"

    def test_services_wording(self, document: Doc) -> None:
        doc = document(
            "We have examined the description of its Managed Hosting Services throughout the "
            "period January 1, 2025 to March 31, 2025."
        )
        assert detect_system_name(doc).value == "Managed Hosting Services"

    @pytest.mark.parametrize(
        "text",
        [
            "We have examined Cobalt's accompanying assertion titled \"Assertion of Cobalt "
            "Management\" (assertion) that the controls within Cobalt's Cobalt Ledger Cloud "
            "Services (system) were effective throughout the period.",
            "In our opinion, management's assertion that the controls within Cobalt Corp.'s "
            "Cobalt Ledger Cloud Services were effective throughout the period January 1, 2025 "
            "to June 30, 2025, is fairly stated.",
        ],
    )
    def test_soc3_controls_within_the_organizations_system(self, document: Doc, text: str) -> None:
        assert detect_system_name(document(text)).value == "Cobalt Ledger Cloud Services"


class TestServiceAuditorAndReportDate:
    def test_firm_signature_and_issue_date(self, document: Doc) -> None:
        doc = document(
            REPORT + "Restricted Use\nThis report is intended solely for ...\n"
            "Kessler & Brandt LLP\nChicago, Illinois\nAugust 22, 2025"
        )
        assert _auditor(doc).value == "Kessler & Brandt LLP"
        found = detect_report_date(doc, period_end=dt.date(2025, 6, 30))
        assert found.value == dt.date(2025, 8, 22)
        assert found.evidence[0].text == "August 22, 2025"

    def test_period_dates_are_not_the_issue_date(self, document: Doc) -> None:
        doc = document(
            REPORT + "throughout the period July 1, 2024 to June 30, 2025.\n"
            "Lee Accounting Group, PLLC\n/s/ signed\nSeptember 3, 2025"
        )
        assert detect_report_date(doc, period_end=dt.date(2025, 6, 30)).value == dt.date(2025, 9, 3)

    def test_individual_cpa_signer(self, document: Doc) -> None:
        doc = document(REPORT + "Jane Q. Doe, CPA\nLicense No. 123456\nAustin, Texas\nMay 1, 2025")
        assert _auditor(doc).value == "Jane Q. Doe, CPA"

    def test_the_vendor_itself_is_not_the_auditor(self, document: Doc) -> None:
        doc = document(REPORT + "Wayne Data Systems, Inc.\nMay 1, 2025")
        assert _auditor(doc).value is None


def test_management_signature_under_the_assertion_is_not_the_auditor(document: Doc) -> None:
    doc = document(
        REPORT + "Restricted Use\nThis report is intended solely for specified parties.\n"
        "/s/ Northgate Attest Services, PLLC\nSeattle, Washington\nReport date: January 25, 2026",
        "Section II: Management's Assertion\nb. the controls operated effectively as of\n"
        "June 30, 2025.\nMarcus Lee\nChief Financial Officer\nWayne Data Systems, Inc.",
    )
    assert _auditor(doc).value == "Northgate Attest Services, PLLC"
    assert detect_report_date(doc, period_end=dt.date(2025, 6, 30)).value == dt.date(2026, 1, 25)


def test_directors_salutation_names_the_service_organization(document: Doc) -> None:
    doc = document(
        "Independent Service Auditor's Report\nTo the Directors of Ridgeline Logistics, Inc."
    )
    assert detect_service_organization(doc).value == "Ridgeline Logistics, Inc."


def test_system_name_stops_where_the_proper_name_ends(document: Doc) -> None:
    doc = document(
        "We have examined Polaris's description of its Polaris Benefits Platform for processing "
        "user entities' transactions as of September 30, 2025."
    )
    assert detect_system_name(doc).value == "Polaris Benefits Platform"


def test_firm_named_only_on_the_cover_page(document: Doc) -> None:
    doc = document(
        "Lumen Forge, Inc.\nSOC 2 Type 2 Report\nExamination performed by Halvorsen & Pike LLP",
        "Lumen Forge uses Snowflake Inc. to provide services relevant to the system. Our "
        "examination included the controls of\nSnowflake Inc.\nIn our opinion, in all material "
        "respects, the controls operated effectively.",
    )
    assert _auditor(doc).value == "Halvorsen & Pike LLP"


_DISCLAIMER_PAGE = (
    "Basis for Disclaimer of Opinion\nThe company was unable to provide complete populations.\n"
    "Disclaimer of Opinion\nBecause of the significance of the matter, we do not express an\n"
    "opinion on the description.\nRestricted Use\nThis report is intended solely for users.\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        "Section One: Independent Service Auditor's Assurance Report",
        "Independent Practitioner's Report",
        "INDEPENDENT SERVICE AUDITORS' EXAMINATION REPORT",
    ],
)
def test_issue_date_on_the_page_after_an_assurance_report_heading(
    document: Doc, heading: str
) -> None:
    doc = document(
        f"{heading}\nTo the Directors of Wayne Data Systems\nScope\nWe have been engaged to "
        "report on the description for the period 1 Jul 2023 to 30 Jun 2024.",
        f"{_DISCLAIMER_PAGE}Kestrel CPA Group, P.C.\nAustin, Texas\n16 Aug 2024",
    )
    assert detect_report_date(doc, period_end=dt.date(2024, 6, 30)).value == dt.date(2024, 8, 16)


def test_a_dated_page_far_from_the_auditors_report_is_not_the_issue_date(document: Doc) -> None:
    doc = document(
        "Independent Service Auditor's Assurance Report\nScope\nWe have been engaged ...",
        "Section Two: Statement by Management\nWe confirm the description.",
        "Section Three: System Description\nCompany overview.",
        "Other information\nAcme Holdings, Inc.\nAustin, Texas\n16 Aug 2024",
    )
    assert detect_report_date(doc, period_end=dt.date(2024, 6, 30)).value is None
