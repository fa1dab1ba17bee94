"""Whole reports through the text core, in different firms' structures and eras."""

import datetime as dt
from collections.abc import Callable

from vendor_core.reports.extraction import (
    CORRECTABLE_FIELDS,
    Extraction,
    Opinion,
    ReportKind,
    ReportType,
    TscCategory,
)

Run = Callable[..., Extraction]
BANNER = "Confidential - For authorized recipients only"

SOC3 = [
    f"Umbrella Health, LLC\nSOC 3 Report\nReport on Umbrella Health's Clinical Data Platform "
    f"Relevant to Security, Availability, and Privacy\nFor the Period June 1, 2024 to May 31, "
    f"2025\n{BANNER}\nSOC 2 Type 2",
    "Section I: Independent Service Auditor's Report\nTo Management of Umbrella Health, LLC\n"
    "Scope\nWe have examined Umbrella Health's accompanying assertion titled \"Assertion of "
    'Umbrella Health Management" (assertion) that the controls within the Clinical Data '
    "Platform (system) were effective throughout the period June 1, 2024 to May 31, 2025, to "
    "provide reasonable assurance that Umbrella's service commitments and system requirements "
    "were achieved based on the trust services criteria relevant to security, availability, and "
    "privacy (applicable trust services criteria) set forth in TSP section 100, 2017 Trust "
    "Services Criteria for Security, Availability, Processing Integrity, Confidentiality, and "
    "Privacy (AICPA, Trust Services Criteria).\nOpinion\nIn our opinion, management's assertion "
    "that the controls within the system were effective throughout the period June 1, 2024 to "
    "May 31, 2025, to provide reasonable assurance that Umbrella's service commitments and "
    "system requirements were achieved based on the applicable trust services criteria is "
    "fairly stated, in all material respects.\nJones Baker CPAs, LLP\nDallas, Texas\n"
    f"July 18, 2025\n{BANNER}\nSOC 2 Type 2",
    "Section II: Assertion of Umbrella Health Management\nWe are responsible for effective "
    "controls within the system.\nCC7.3 Security events are triaged. Exception noted.\n"
    f"{BANNER}\nSOC 2 Type 2",
]

ASSERTION_FIRST_SOC1_TYPE1 = [
    "Section 1\nWonka Payroll Inc.'s Management Assertion\nWe have prepared the description of "
    "Wonka Payroll Inc.'s Payroll Processing System as of March 31, 2025 for user entities and "
    "their auditors, when assessing the risks of material misstatements of user entities' "
    "financial statements.",
    "Section 2\nIndependent Service Auditor's Report\nTo: Wonka Payroll Inc.\nScope\nWe have "
    "examined Wonka Payroll Inc.'s description of its Payroll Processing System for processing "
    "user entities' transactions as of March 31, 2025, and the suitability of the design of "
    "controls included in the description to achieve the related control objectives stated in "
    "the description.\nWe did not perform any procedures regarding the operating effectiveness "
    "of controls stated in the description and, accordingly, do not express an opinion "
    "thereon.\nOpinion\nIn our opinion, in all material respects, a. the description fairly "
    "presents the system that was designed and implemented as of March 31, 2025. b. the "
    "controls related to the control objectives were suitably designed as of March 31, 2025.\n"
    "Restricted Use\nThis report, including the description of tests of controls and results "
    "thereof in Section 4, is intended solely for the information and use of management.\n"
    "/s/ Bucket & Slugworth, P.C.\nChicago, IL\nMay 2, 2025",
]

AT101_QUALIFIED = [
    "Report on Management's Description of Initech's Hosting System and the Suitability of the "
    "Design and Operating Effectiveness of Controls\nSOC 2 Type II\nOctober 1, 2015 to "
    "September 30, 2016",
    "Independent Service Auditor's Report\nTo the Board of Directors of Initech, Inc.:\nWe have "
    "examined the attached description of Initech's Hosting System for the period October 1, "
    "2015 to September 30, 2016, and the suitability of the design and operating effectiveness "
    "of Initech's controls to meet the criteria for the security and availability principles "
    "set forth in TSP section 100, Trust Services Principles, Criteria, and Illustrations for "
    "Security, Availability, Processing Integrity, Confidentiality, and Privacy.\nIn our "
    "opinion, except for the matter referred to in the preceding paragraph, in all material "
    "respects, based on the criteria described in Initech's assertion, the controls operated "
    "effectively throughout the period October 1, 2015 to September 30, 2016.\nLumbergh & Co. "
    "LLP\nDecember 1, 2016",
]


def test_soc3_with_banner_and_soc2_footer_leftover(extraction: Run) -> None:
    result = extraction(*SOC3)
    assert result.report_kind is ReportKind.soc3
    assert result.report_type is None
    assert (result.period_start, result.period_end) == (dt.date(2024, 6, 1), dt.date(2025, 5, 31))
    assert result.tsc_categories == [
        TscCategory.security,
        TscCategory.availability,
        TscCategory.privacy,
    ]
    assert result.opinion is Opinion.unqualified
    assert result.exceptions == []  # a SOC 3 carries no test results
    assert result.service_organization == "Umbrella Health, LLC"
    assert result.report_date == dt.date(2025, 7, 18)


def test_assertion_first_soc1_type1(extraction: Run) -> None:
    result = extraction(*ASSERTION_FIRST_SOC1_TYPE1)
    assert result.report_kind is ReportKind.soc1
    assert result.report_type is ReportType.type1
    assert (result.period_start, result.period_end) == (None, dt.date(2025, 3, 31))
    assert result.tsc_categories == []
    assert result.opinion is Opinion.unqualified
    assert result.service_auditor == "Bucket & Slugworth, P.C."
    assert result.report_date == dt.date(2025, 5, 2)


def test_older_trust_services_principles_report_with_qualified_opinion(extraction: Run) -> None:
    result = extraction(*AT101_QUALIFIED)
    assert result.report_kind is ReportKind.soc2
    assert result.report_type is ReportType.type2
    assert result.period_end == dt.date(2016, 9, 30)
    assert result.tsc_categories == [TscCategory.security, TscCategory.availability]
    assert result.opinion is Opinion.qualified


def test_every_extracted_field_has_evidence_and_confidence(extraction: Run) -> None:
    result = extraction(*ASSERTION_FIRST_SOC1_TYPE1)
    data = result.model_dump()
    for name in CORRECTABLE_FIELDS:
        if data[name] not in (None, [], "unknown"):
            assert result.evidence.get(name), name
            assert 0.0 <= result.confidence[name] <= 1.0, name


def test_garbage_text_gives_an_empty_extraction(extraction: Run) -> None:
    result = extraction("\x00\x01 ~~~ 1234", "", "\u202e\u200b")
    assert result.report_kind is ReportKind.unknown
    assert result.opinion is Opinion.unknown
    assert result.source.pages == 3


def test_a_failing_detector_loses_only_its_field(extraction: Run, monkeypatch: object) -> None:
    import parser_worker.extraction.core as core

    def broken(*_: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(core, "detect_opinion", broken)
    result = extraction(*AT101_QUALIFIED)
    assert "opinion_failed" in result.warnings
    assert result.opinion is Opinion.unknown
    assert result.report_kind is ReportKind.soc2
