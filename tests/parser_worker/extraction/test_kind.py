"""Kind and type: title pages and opinion/scope decide; footers and boilerplate do not."""

from collections.abc import Callable

from parser_worker.extraction.document import Document
from parser_worker.extraction.kind import detect_kind, detect_type
from vendor_core.reports.extraction import ReportKind, ReportType

Doc = Callable[..., Document]

SOC1_TITLE = """Northwind Payroll Services, LLC
Report on Northwind's Description of Its Payroll Processing System and on the Suitability of
the Design and Operating Effectiveness of Its Controls Relevant to User Entities' Internal
Control Over Financial Reporting
SOC 1® Type II Report
For the period April 1, 2024 through March 31, 2025"""

SOC3_BODY = """Report of Independent Accountants
To the Management of Globex Corporation:
We have examined Globex's accompanying assertion titled "Assertion of Globex Management"
that the controls within Globex's Hosting system were effective throughout the period
January 1, 2025 to December 31, 2025, to provide reasonable assurance that Globex's service
commitments and system requirements were achieved based on the trust services criteria
relevant to security and availability.
In our opinion, management's assertion that the controls within Globex's Hosting system were
effective throughout the period January 1, 2025 to December 31, 2025, is fairly stated, in all
material respects."""


class TestDetectKind:
    def test_soc1_title_with_roman_type(self, document: Doc) -> None:
        doc = document(
            SOC1_TITLE, "In our opinion, in all material respects, the control objectives ..."
        )
        assert detect_kind(doc).value is ReportKind.soc1
        assert detect_type(doc, ReportKind.soc1).value is ReportType.type2

    def test_soc3_title_beats_a_soc2_footer_template_leftover(self, document: Doc) -> None:
        footer = "SOC 2 Type 2 | Confidential"
        pages = [
            f"Globex Corporation\nSOC 3® Report\nGeneral Use Report\n{footer}",
            f"{SOC3_BODY}\n{footer}",
            f"Section II Management's assertion for the Hosting system ...\n{footer}",
            f"Attachment A Description of the boundaries of the Hosting system\n{footer}",
        ]
        found = detect_kind(document(*pages))
        assert found.value is ReportKind.soc3
        assert detect_type(document(*pages), found.value).value is None

    def test_service_organization_control_wording_counts_as_a_kind_mark(
        self, document: Doc
    ) -> None:
        doc = document("Service Organization Controls 2 Report\nType 1", "We have examined ...")
        assert detect_kind(doc).value is ReportKind.soc2

    def test_kind_from_content_when_the_title_names_none(self, document: Doc) -> None:
        doc = document(
            "Independent Service Auditor's Report",
            "We have examined the description of the system relevant to user entities' internal "
            "control over financial reporting and the control objectives stated in the "
            "description.",
        )
        assert detect_kind(doc).value is ReportKind.soc1

    def test_no_signal_is_unknown(self, document: Doc) -> None:
        assert (
            detect_kind(document("Quarterly newsletter", "Nothing to see")).value
            is ReportKind.unknown
        )

    def test_strongly_conflicting_titles_warn(self, document: Doc) -> None:
        doc = document("SOC 1 Type 2 Report", "SOC 2 Type 2 Report")
        assert "kind_conflict" in detect_kind(doc).warnings


class TestDetectType:
    def test_type1_from_as_of_scope_without_a_title_mark(self, document: Doc) -> None:
        doc = document(
            "Initech SOC 2 Report",
            "We have examined Initech's accompanying description of its Cloud system as of "
            "June 30, 2025, and the suitability of the design of controls stated in the "
            "description as of June 30, 2025.",
            "Restricted Use: this report, including the description of tests of controls, is "
            "intended solely for user entities.",
        )
        assert detect_type(doc, ReportKind.soc2).value is ReportType.type1

    def test_type2_from_throughout_the_period_in_the_opinion(self, document: Doc) -> None:
        doc = document(
            "Initech SOC 2 Report",
            "In our opinion, in all material respects, the controls stated in the description "
            "operated effectively throughout the period July 1, 2024 to June 30, 2025.",
        )
        assert detect_type(doc, ReportKind.soc2).value is ReportType.type2


def test_official_system_and_organization_controls_name(document: Doc) -> None:
    doc = document("System and Organization Controls (SOC) 3 Report", "In our opinion ...")
    assert detect_kind(doc).value is ReportKind.soc3


def _ocr_document(*texts: str) -> Document:
    from parser_worker.extraction import PageText

    return Document([PageText(n, t, ocr=True) for n, t in enumerate(texts, start=1)])


class TestOcrRunningHeaders:
    """OCR reads a repeated header slightly differently on each page; it is still furniture."""

    HEADERS = (
        "Globex Corporation | SOC 2 Type 2 Report | January 1, 2025 - December 31, 2025",
        "Globex Corporation | SOC 2 Type 2 Report | January |, 2025 - December 31, 2025",
        "Glohex Corporation | SOC 2 Type 2 Report | January 1, 2025 - December 31, 2025",
        "Globex Corporation | S0C 2 Type 2 Report | January 1, 2025 — December 3l, 2025",
    )

    def test_soc3_with_ocr_varied_soc2_header_leftover(self) -> None:
        pages = [
            "Globex Corporation\nSOC 3 Report\nThroughout the period January 1, 2025 to "
            "December 31, 2025",
            f"{self.HEADERS[0]}\nTable of Contents\nSection 1 Independent Service Auditor's Report",
            f"{self.HEADERS[1]}\n{SOC3_BODY}",
            f"{self.HEADERS[2]}\nSection 2 Assertion of Globex Management\nWe assert ...",
            f"{self.HEADERS[3]}\nAttachment A System boundaries and service commitments",
        ]
        doc = _ocr_document(*pages)
        assert any("SOC 2 Type 2" in s.text for s in doc.furniture)
        kind = detect_kind(doc).value
        assert kind is ReportKind.soc3
        assert detect_type(doc, kind).value is None

    def test_varied_footer_lines_are_grouped_but_distinct_content_is_kept(self) -> None:
        footers = [
            "Proprietary and confidential - Globex Corporation Page 2",
            "Proprietary and confidentia1 - Globex Corporation Page 3",
            "Proprietary and confidential — Glohex Corporation Page 4",
        ]
        bodies = [
            "Control environment: the board oversees internal control.",
            "Risk assessment: risks are identified and analysed annually.",
            "Monitoring: internal audit reviews controls each quarter.",
        ]
        doc = _ocr_document(*(f"{b}\n{f}" for b, f in zip(bodies, footers, strict=True)))
        kept = [line for page in doc.pages for line in page.lines]
        assert kept == bodies

    def test_text_layer_pages_are_not_fuzzy_matched(self, document: Doc) -> None:
        lines = [
            "Section 3 Control environment and board oversight",
            "Section 4 Control environment and board oversights",
            "Section 5 Control environment and board oversighte",
        ]
        doc = document(*(f"{line}\nBody text." for line in lines))
        assert [page.lines[0] for page in doc.pages] == lines
