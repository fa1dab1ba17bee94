"""Examples of the scoring model: which lines appear, with what evidence, for known vendors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vendor_core.reports.extraction import Extraction, ReportKind, Source
from vendor_core.scoring import (
    MODEL_VERSION,
    Rating,
    ReportInput,
    RiskAssessment,
    VendorProfile,
    score_vendor,
)

TODAY = dt.date(2026, 11, 27)
MEDIUM_WITH_DATA = VendorProfile(
    criticality="medium", handles_customer_data=True, handles_personal_data=True
)


def report(report_id: str, **fields: Any) -> ReportInput:
    defaults: dict[str, Any] = {
        "report_kind": "soc2",
        "report_type": "type2",
        "period_start": dt.date(2025, 7, 1),
        "period_end": dt.date(2026, 6, 30),
        "tsc_categories": ["security", "confidentiality"],
        "opinion": "unqualified",
    }
    return ReportInput(
        report_id=report_id,
        extraction=Extraction(source=Source(sha256="0" * 64, pages=80), **{**defaults, **fields}),
        uploaded_at=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
    )


def points(assessment: RiskAssessment) -> dict[str, int]:
    return {factor.code: factor.points for factor in assessment.factors}


def score(profile: VendorProfile, *reports: ReportInput) -> RiskAssessment:
    return score_vendor(profile=profile, reports=list(reports), today=TODAY)


class TestScoreVendor:
    def test_clean_soc2_type2_leaves_only_inherent_risk(self) -> None:
        assessment = score(MEDIUM_WITH_DATA, report("r1"))

        assert points(assessment) == {"criticality": 12, "personal_data": 5, "customer_data": 4}
        assert (assessment.score, assessment.rating) == (21, Rating.low)
        assert assessment.report_ids == ["r1"]
        assert assessment.model_version == MODEL_VERSION

    def test_exception_points_and_evidence(self) -> None:
        finding = {
            "control_id": "CC6.1-02",
            "criteria": ["CC6.1"],
            "description": "For 2 of 25 terminated users, access was not removed timely.",
            "deviations": 2,
            "sample_size": 25,
            "page": 54,
        }
        assessment = score(MEDIUM_WITH_DATA, report("r1", exceptions=[finding]))

        (line,) = [f for f in assessment.factors if f.code == "exceptions"]
        assert line.points == 5 + 1  # access area + ceil(2/25 * 5)
        assert "CC6.1-02" in line.detail
        assert [(e.report_id, e.page) for e in line.evidence] == [("r1", 54)]
        assert "terminated users" in line.evidence[0].text

    def test_opinion_evidence_comes_from_the_extraction(self) -> None:
        qualified = report(
            "r1",
            opinion="qualified",
            evidence={"opinion": [{"page": 4, "text": "except for the matter described"}]},
        )
        (line,) = [
            f for f in score(MEDIUM_WITH_DATA, qualified).factors if f.code.startswith("opinion")
        ]
        assert (line.code, line.points) == ("opinion_qualified", 15)
        assert [(e.page, e.text) for e in line.evidence] == [(4, "except for the matter described")]

    def test_soc1_and_soc2_each_count_for_their_role(self) -> None:
        profile = VendorProfile(criticality="high", impacts_financial_reporting=True)
        soc1 = report("fin", report_kind="soc1", tsc_categories=[], opinion="qualified")

        both = score(profile, soc1, report("sec"))
        soc2_only = score(profile, report("sec"))

        assert both.report_ids == ["fin", "sec"]
        assert "no_financial_assurance" not in points(both)
        assert "no_security_assurance" not in points(both)
        assert points(both)["opinion_qualified"] == 15  # the SOC 1's findings still count
        assert points(soc2_only)["no_financial_assurance"] == 6

    def test_expired_soc2_next_to_a_current_soc1(self) -> None:
        profile = VendorProfile(criticality="medium", handles_customer_data=True)
        soc1 = report("fin", report_kind="soc1", tsc_categories=[])
        stale = report("sec", period_start=dt.date(2024, 7, 1), period_end=dt.date(2025, 6, 30))

        assessment = score(profile, soc1, stale)

        assert points(assessment)["security_report_expired"] == 25
        assert "only_expired_report" not in points(assessment)

    def test_type2_soc2_preferred_over_soc3_as_security_report(self) -> None:
        soc3 = report("s3", report_kind="soc3", report_type=None)
        assessment = score(MEDIUM_WITH_DATA, soc3, report("s2"))
        assert assessment.report_ids == ["s2"]
        assert "soc3_only" not in points(assessment)

    def test_unclassified_report_is_flagged_not_scored(self) -> None:
        unknown = report("u1", report_kind=ReportKind.unknown, report_type=None)
        assessment = score(MEDIUM_WITH_DATA, unknown)

        assert points(assessment)["no_current_report"] == 40
        assert points(assessment)["unclassified_report"] == 0
        assert assessment.report_ids == []

    def test_corrected_field_no_longer_counts_as_low_confidence(self) -> None:
        unsure = report("r1", confidence={"opinion": 0.3})
        corrected = unsure.model_copy(update={"corrected_fields": frozenset({"opinion"})})

        assert points(score(MEDIUM_WITH_DATA, unsure))["low_confidence"] == 2
        assert "low_confidence" not in points(score(MEDIUM_WITH_DATA, corrected))

    def test_gap_ceiling_is_a_visible_line(self) -> None:
        findings = [
            {"criteria": ["CC6.1"], "description": "x", "deviations": 5, "sample_size": 5}
        ] * 5
        assessment = score(MEDIUM_WITH_DATA, report("r1", opinion="qualified", exceptions=findings))

        assert points(assessment)["assurance_gap_ceiling"] < 0
        assert assessment.score == 12 + 5 + 4 + 40
        assert sum(points(assessment).values()) == assessment.score

    def test_disclaimer_is_floored_to_critical(self) -> None:
        low = VendorProfile(criticality="low")
        assessment = score(low, report("r1", opinion="disclaimer"))
        assert assessment.rating is Rating.critical
        assert points(assessment)["rating_floor"] == 75 - (5 + 50)

    def test_high_vendor_without_reports_is_high(self) -> None:
        assessment = score(VendorProfile(criticality="high"))
        assert (assessment.score, assessment.rating) == (62, Rating.high)

    def test_short_period_boundary_is_six_whole_months(self) -> None:
        six_months = report("r1", period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
        one_day_less = report(
            "r1", period_start=dt.date(2026, 1, 2), period_end=dt.date(2026, 6, 30)
        )
        assert "short_period" not in points(score(MEDIUM_WITH_DATA, six_months))
        assert points(score(MEDIUM_WITH_DATA, one_day_less))["short_period"] == 3

    def test_same_carved_out_org_in_two_reports_counts_once(self) -> None:
        aws = [{"name": "AWS", "method": "carve-out"}]
        soc1 = report("fin", report_kind="soc1", tsc_categories=[], subservice_organizations=aws)
        soc2 = report("sec", subservice_organizations=[{"name": "aws", "method": "carve-out"}])
        assert points(score(MEDIUM_WITH_DATA, soc1, soc2))["carve_out_subservice"] == 2
