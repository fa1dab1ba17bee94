"""The opinion comes from the opinion paragraph and "Basis for ..." headings only."""

from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.opinion import classify_opinion_sentence, detect_opinion
from vendor_core.reports.extraction import Opinion

Doc = Callable[..., Document]

BOILERPLATE = (
    "Inherent Limitations\nThe description is prepared to meet the common needs of a broad range "
    "of users. Because of their nature, controls may not always operate effectively, and "
    "except for the matters noted, fraud may not be detected. Our responsibility is to express "
    "an opinion. We believe the evidence is sufficient to provide a reasonable basis for our "
    "opinion. Controls that are not operating effectively could result in a material "
    "misstatement."
)


class TestClassifyOpinionSentence:
    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            (
                "In our opinion, in all material respects, the description fairly presents the "
                "system and the controls operated effectively.",
                Opinion.unqualified,
            ),
            (
                "In our opinion, except for the matter described in the preceding paragraph, in "
                "all material respects, the controls operated effectively.",
                Opinion.qualified,
            ),
            (
                "In our opinion, because of the significance of the matters referred to in the "
                "Basis for Adverse Opinion paragraph, the controls did not operate effectively.",
                Opinion.adverse,
            ),
            (
                "Because of the significance of the matter described, we have not been able to "
                "obtain sufficient appropriate evidence. Accordingly, we do not express an "
                "opinion.",
                Opinion.disclaimer,
            ),
            (
                "In our opinion, XYZ maintained, in all material respects, effective controls "
                "over the system based on the AICPA trust services principles.",
                Opinion.unqualified,
            ),
        ],
    )
    def test_classifies_each_auditor_wording(self, sentence: str, expected: Opinion) -> None:
        assert classify_opinion_sentence(sentence) is expected


class TestDetectOpinion:
    def test_boilerplate_except_for_does_not_qualify_a_clean_report(self, document: Doc) -> None:
        doc = document(
            BOILERPLATE,
            "Opinion\nIn our opinion, in all material respects, a. the description presents the "
            "system. b. the controls were suitably designed. c. the controls operated effectively.",
        )
        found = detect_opinion(doc)
        assert found.value is Opinion.unqualified
        assert found.evidence[0].page == 2

    def test_basis_for_qualified_opinion_heading(self, document: Doc) -> None:
        doc = document(
            "Basis for Qualified Opinion\nWe noted that controls over change management were not "
            "operating effectively.",
            "Qualified Opinion\nIn our opinion, except for the effects of the matter described "
            "in the Basis for Qualified Opinion section, the controls operated effectively.",
        )
        found = detect_opinion(doc)
        assert found.value is Opinion.qualified
        assert found.confidence >= 0.85

    def test_adverse_opinion_wins_over_an_unqualified_management_assertion(
        self, document: Doc
    ) -> None:
        doc = document(
            "Management's Assertion: the controls operated effectively, in all material respects.",
            "Basis for Adverse Opinion\nThe controls over logical access were not suitably "
            "designed.",
            "Adverse Opinion\nIn our opinion, because of the significance of the matter described "
            "in the Basis for Adverse Opinion paragraph, the controls were not suitably designed.",
        )
        assert detect_opinion(doc).value is Opinion.adverse

    def test_disclaimer(self, document: Doc) -> None:
        doc = document(
            "Basis for Disclaimer of Opinion\nManagement did not provide the population of "
            "changes.",
            "Disclaimer of Opinion\nBecause of the significance of the matter, we were unable to "
            "obtain sufficient appropriate evidence. Accordingly, we do not express an opinion.",
        )
        assert detect_opinion(doc).value is Opinion.disclaimer

    def test_executive_summary_opinion_result(self, document: Doc) -> None:
        doc = document("Executive Summary\nOpinion Result: Unqualified\nTesting Exceptions: 2")
        assert detect_opinion(doc).value is Opinion.unqualified

    def test_drop_cap_and_glued_words(self, document: Doc) -> None:
        doc = document("I\nn our opinion,inallmaterialrespects, the controls operated effectively.")
        assert detect_opinion(doc).value is Opinion.unqualified

    def test_no_opinion_paragraph_is_unknown(self, document: Doc) -> None:
        assert detect_opinion(document(BOILERPLATE)).value is Opinion.unknown


def test_type1_scope_statement_is_not_a_disclaimer(document: Doc) -> None:
    doc = document(
        "We did not perform any procedures regarding the operating effectiveness of the "
        "controls stated in the description and, accordingly, do not express an opinion thereon.",
        "In my opinion, in all material respects, the controls were suitably designed as of "
        "June 30, 2025.",
    )
    assert detect_opinion(doc).value is Opinion.unqualified


def test_adverse_opinion_whose_negations_sit_in_the_list_items(document: Doc) -> None:
    doc = document(
        "In our opinion, because of the significance of the matters referred to in the "
        "preceding paragraph, in all material respects, a. the description fairly presents the "
        "system. b. the controls were not suitably designed."
    )
    assert detect_opinion(doc).value is Opinion.adverse
