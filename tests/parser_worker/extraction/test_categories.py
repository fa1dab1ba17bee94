from collections.abc import Callable

from parser_worker.extraction.categories import categories_in, detect_categories
from parser_worker.extraction.document import Document
from vendor_core.reports.extraction import ReportKind, TscCategory

Doc = Callable[..., Document]
S, A, PI, C, P = (
    TscCategory.security,
    TscCategory.availability,
    TscCategory.processing_integrity,
    TscCategory.confidentiality,
    TscCategory.privacy,
)
CITATION = (
    "set forth in TSP section 100, 2017 Trust Services Criteria for Security, Availability, "
    "Processing Integrity, Confidentiality, and Privacy (AICPA, Trust Services Criteria)"
)


def test_citation_of_all_five_does_not_count() -> None:
    text = (
        "based on the trust services criteria relevant to security and confidentiality "
        f"(applicable trust services criteria) {CITATION}."
    )
    assert categories_in(text) == [S, C]


def test_order_is_the_contract_order_not_the_text_order() -> None:
    assert categories_in("relevant to privacy, confidentiality, and security") == [S, C, P]


def test_older_principles_wording() -> None:
    text = "meet the criteria for the security, availability and processing integrity principles"
    assert categories_in(text) == [S, A, PI]


class TestDetectCategories:
    def test_title_and_scope_agree(self, document: Doc) -> None:
        doc = document(
            "SOC 2 Type 2 Report on Controls Relevant to Security, Availability, and "
            "Processing Integrity",
            "We have examined ... relevant to security, availability, and processing integrity "
            f"(applicable trust services criteria) {CITATION}.",
        )
        assert detect_categories(doc, ReportKind.soc2).value == [S, A, PI]

    def test_narrower_statement_wins_over_a_scope_sentence_listing_all_five(
        self, document: Doc
    ) -> None:
        doc = document(
            "Report on Controls Relevant to Security, Availability, and Confidentiality",
            "In our opinion ... based on the criteria for security, availability, processing "
            "integrity, confidentiality, and privacy set forth in TSP section 100.",
            "... achieved based on the applicable trust services criteria relevant to security, "
            "availability, and confidentiality.",
        )
        assert detect_categories(doc, ReportKind.soc2).value == [S, A, C]

    def test_soc1_has_no_categories_even_if_security_is_mentioned(self, document: Doc) -> None:
        doc = document("SOC 1 Report", "Controls relevant to security of the payroll system.")
        assert detect_categories(doc, ReportKind.soc1).value == []

    def test_mentions_outside_scope_statements_do_not_vote(self, document: Doc) -> None:
        doc = document(
            "SOC 2 Report relevant to Security",
            "Privacy policies are reviewed annually. Confidentiality agreements are signed.",
        )
        assert detect_categories(doc, ReportKind.soc2).value == [S]
