from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.subservice import detect_cuec_count, detect_subservice_organizations
from vendor_core.reports.extraction import CarveMethod

Doc = Callable[..., Document]


class TestSubserviceOrganizations:
    def test_carve_out(self, document: Doc) -> None:
        doc = document(
            'Acme uses Amazon Web Services ("AWS"), a subservice organization, for hosting. '
            "The description includes only the controls of Acme and excludes controls of AWS."
        )
        (org,) = detect_subservice_organizations(doc).value
        assert org.name == "Amazon Web Services"
        assert org.method is CarveMethod.carve_out

    def test_inclusive(self, document: Doc) -> None:
        doc = document(
            "Globex utilizes Initrode Data Centers, a subservice organization, for colocation. "
            "The description includes the relevant controls of the subservice organization, "
            "using the inclusive method."
        )
        (org,) = detect_subservice_organizations(doc).value
        assert org.name == "Initrode Data Centers"
        assert org.method is CarveMethod.inclusive

    def test_two_named_subservice_organizations(self, document: Doc) -> None:
        doc = document(
            "Microsoft Azure is a subservice organization that provides hosting. "
            "Stripe, Inc. is a subservice organization that processes card payments. "
            "The carve-out method was used."
        )
        names = [o.name for o in detect_subservice_organizations(doc).value]
        assert names == ["Microsoft Azure", "Stripe, Inc."]

    def test_no_subservice_organizations(self, document: Doc) -> None:
        assert detect_subservice_organizations(document("Acme hosts its own servers.")).value == []


class TestCuecCount:
    def test_bulleted_list(self, document: Doc) -> None:
        doc = document(
            "Complementary User Entity Controls\n"
            "Acme's controls were designed with the assumption that user entities implement:\n"
            "\u2022 User entities are responsible for provisioning their own users.\n"
            "\u2022 User entities are responsible for reviewing access\nperiodically.\n"
            "\u2022 User entities should report incidents to Acme.\n"
            "Complementary Subservice Organization Controls\n"
            "\u2022 AWS is responsible for physical security."
        )
        assert detect_cuec_count(doc).value == 3

    def test_table_of_responsibility_sentences(self, document: Doc) -> None:
        doc = document(
            "Complementary User Entity Controls (CUECs)\n"
            "Complementary User Entity Control Related Criteria\n"
            "Customers are responsible for managing API keys. CC6.1\n"
            "Customers are responsible for\nconfiguring retention. CC6.5\n"
            "Section IV"
        )
        assert detect_cuec_count(doc).value == 2

    def test_no_cuec_section(self, document: Doc) -> None:
        assert detect_cuec_count(document("Nothing here")).value is None


def test_section_sentences_name_subservice_organizations_without_the_word(document: Doc) -> None:
    doc = document(
        "Subservice Organizations\n"
        "Cobalt uses Twilio Inc. for SMS notifications. The relevant controls of Twilio Inc. are "
        "included in this description (inclusive method).\n"
        "Cobalt uses Iron Mountain Incorporated for offsite media storage. Its controls are "
        "excluded from the scope of this report (carve-out method).\n"
        "Complementary User Entity Controls"
    )
    orgs = {o.name: o.method for o in detect_subservice_organizations(doc).value}
    assert orgs == {
        "Twilio Inc.": CarveMethod.inclusive,
        "Iron Mountain Incorporated": CarveMethod.carve_out,
    }


def test_cuec_intro_sentence_is_not_counted_beside_a_numbered_table(document: Doc) -> None:
    doc = document(
        "Complementary User Entity Controls\n"
        "The controls below should not be regarded as a comprehensive list of all controls\n"
        "user entities should employ.\n"
        "# Complementary User Entity Control Related Criteria\n"
        "1 User entities are responsible for reviewing audit logs. CC6.2\n"
        "2 User entities are responsible for configuring MFA. CC6.1\n"
        "Section IV"
    )
    assert detect_cuec_count(doc).value == 2


@pytest.mark.parametrize(
    "text",
    [
        "Complementary User Entity Controls\n"
        "Acme's controls were designed with the assumption that no complementary user entity "
        "controls are necessary to achieve the applicable criteria.",
        "User Entity Control Considerations\n"
        "The services provided by Acme do not require any complementary user entity controls.",
        "Complementary user entity controls are not required for the control objectives stated "
        "in the description.",
        "There are no CUECs for this system.",
    ],
)
def test_a_report_stating_no_cuecs_counts_zero(document: Doc, text: str) -> None:
    assert detect_cuec_count(document(text)).value == 0


@pytest.mark.parametrize(
    "text",
    [
        "We have not evaluated the suitability of the design of complementary user entity "
        "controls.",
        "Except for the complementary user entity controls referred to above, the controls are "
        "included in the description. No exceptions were noted.",
    ],
)
def test_boilerplate_about_cuecs_is_not_a_zero_count(document: Doc, text: str) -> None:
    assert detect_cuec_count(document(text)).value is None


class TestCuecTableShapes:
    INTRO = (
        "Complementary User Entity Controls\n"
        "Acme's controls were designed with the assumption that certain controls would be "
        "implemented by user entities.\nThe complementary user entity controls below should not "
        "be regarded as a comprehensive list of all controls\nuser entities should employ.\n"
    )

    def test_table_rows_run_together_on_one_line(self, document: Doc) -> None:
        rows = " ".join(
            f"{n} User entities are responsible for duty number {n}. CC6.{n}" for n in range(1, 6)
        )
        doc = document(f"{self.INTRO}# Complementary User Entity Control Criteria {rows}")
        assert detect_cuec_count(doc).value == 5

    def test_customers_wording_run_together_with_bullets(self, document: Doc) -> None:
        rows = " ".join(f"\u2022 Customers should review access item {n}." for n in range(1, 4))
        doc = document(f"{self.INTRO}{rows}")
        assert detect_cuec_count(doc).value == 3

    def test_ocr_table_rules_around_the_row_numbers(self, document: Doc) -> None:
        rows = "\n".join(
            [
                "1 User entities are responsible for notifying changes of contacts. | CC6.2",
                "2 | User entities are responsible for configuring MFA. |oc23",
                "| 3 | User entities are responsible for their data. : / 'ce2.3",
                "4 ] User entities are responsible for reporting incidents. (007.3",
                "[5 | User entities are responsible for reviewing audit logs. '0c2.3",
            ]
        )
        doc = document(f"{self.INTRO}{rows}\nComplementary Subservice Organization Controls")
        assert detect_cuec_count(doc).value == 5

    @pytest.mark.parametrize(
        "statement",
        [
            "Acme's controls were designed with the assumption that no complementary user entity "
            "controls are necessary to\nachieve the applicable criteria.",
            "Complementary user entity controls are not required for the achievement of the "
            "control objectives.",
        ],
    )
    def test_heading_followed_by_a_none_statement_is_zero(
        self, document: Doc, statement: str
    ) -> None:
        doc = document(
            f"Complementary User Entity Controls\n{statement}",
            "Section 4: Control Objectives, Related Controls, Tests of Controls\n"
            "1 Access requests are approved. User entities are responsible for nothing here.\n"
            "Customers should see Section 5.",
        )
        assert detect_cuec_count(doc).value == 0
