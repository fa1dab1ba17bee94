"""Examples: policy validation, report currency (expiry, selection) and expiry alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from vendor_core.reports.extraction import Extraction, ReportKind, ReportType, Source
from vendor_core.scoring import (
    DEFAULT_POLICY,
    ReportInput,
    ScoringPolicy,
    add_months,
    alert_due,
    current_reports,
    expires_on,
    select_reports,
)

TODAY = dt.date(2026, 11, 27)


def extraction(**fields: Any) -> Extraction:
    return Extraction(source=Source(sha256="0" * 64, pages=40), **fields)


def report(
    report_id: str,
    kind: ReportKind = ReportKind.soc2,
    period_end: dt.date | None = dt.date(2026, 6, 30),
    uploaded_at: dt.datetime = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC),
    **fields: Any,
) -> ReportInput:
    return ReportInput(
        report_id=report_id,
        extraction=extraction(report_kind=kind, period_end=period_end, **fields),
        uploaded_at=uploaded_at,
    )


def error_locations(exc: pytest.ExceptionInfo[ValidationError]) -> set[tuple[str | int, ...]]:
    return {tuple(error["loc"]) for error in exc.value.errors()}


class TestScoringPolicy:
    def test_defaults_are_the_documented_model(self) -> None:
        assert DEFAULT_POLICY.rating_bands.model_dump() == {
            "medium": 25,
            "high": 50,
            "critical": 75,
        }
        assert DEFAULT_POLICY.currency_anchor == "period_end"
        assert DEFAULT_POLICY.currency_months == 12
        assert DEFAULT_POLICY.alert_threshold_days == (90, 30, 7)

    def test_round_trips_through_json(self) -> None:
        policy = ScoringPolicy(currency_anchor="report_date", alert_threshold_days=[14, 60])
        assert ScoringPolicy.model_validate_json(policy.model_dump_json()) == policy

    @pytest.mark.parametrize(
        ("bands", "field"),
        [
            ({"medium": 50, "high": 50, "critical": 75}, "high"),
            ({"medium": 25, "high": 80, "critical": 75}, "critical"),
            ({"medium": 0, "high": 50, "critical": 75}, "medium"),
            ({"medium": 25, "high": 50, "critical": 101}, "critical"),
        ],
    )
    def test_bands_must_increase_within_0_to_100(self, bands: dict[str, int], field: str) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy(rating_bands=bands)
        assert ("rating_bands", field) in error_locations(exc)

    @pytest.mark.parametrize("months", [0, 37])
    def test_currency_months_between_1_and_36(self, months: int) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy(currency_months=months)
        assert ("currency_months",) in error_locations(exc)

    def test_currency_anchor_is_period_end_or_report_date(self) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy(currency_anchor="upload_date")
        assert ("currency_anchor",) in error_locations(exc)

    @pytest.mark.parametrize("thresholds", [[90, 30, 30], [90, 0], [-7], []])
    def test_alert_thresholds_positive_unique_not_empty(self, thresholds: list[int]) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy(alert_threshold_days=thresholds)
        assert ("alert_threshold_days",) in error_locations(exc)

    def test_alert_thresholds_kept_most_distant_first(self) -> None:
        assert ScoringPolicy(alert_threshold_days=[7, 90, 30]).alert_threshold_days == (90, 30, 7)

    def test_unknown_fields_are_rejected(self) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy.model_validate({"weights": {"no_report": 40}})
        assert ("weights", "no_report") in error_locations(exc)

    @pytest.mark.parametrize(
        ("weights", "location"),
        [
            ({"exception_security": 1, "exception_other": 1}, ("weights", "exception_security")),
            ({"exception_access_or_change": 2}, ("weights", "exception_access_or_change")),
            ({"criticality": {"high": 40}}, ("weights", "criticality", "critical")),
            ({"no_current_report": 0}, ("weights", "no_current_report")),
            ({"opinion_qualified": 0}, ("weights", "opinion_qualified")),
            ({"soc2_type1": 3}, ("weights",)),  # not above short_period
            ({"only_expired_report": 20}, ("weights",)),  # below the per-role expiry lines
        ],
    )
    def test_weights_that_would_break_an_invariant_are_rejected(
        self, weights: dict[str, Any], location: tuple[str, ...]
    ) -> None:
        with pytest.raises(ValidationError) as exc:
            ScoringPolicy(weights=weights)
        assert location in error_locations(exc)

    def test_the_error_names_the_field_it_is_compared_with(self) -> None:
        with pytest.raises(ValidationError, match="greater than medium"):
            ScoringPolicy(rating_bands={"medium": 60})


class TestExpiresOn:
    @pytest.mark.parametrize(
        ("period_end", "expected"),
        [
            (dt.date(2025, 12, 31), dt.date(2026, 12, 31)),
            (dt.date(2024, 2, 29), dt.date(2025, 2, 28)),  # no 29 February next year
            (dt.date(2026, 1, 31), dt.date(2027, 1, 31)),
        ],
    )
    def test_period_end_plus_twelve_months_by_default(
        self, period_end: dt.date, expected: dt.date
    ) -> None:
        assert expires_on(extraction(period_end=period_end), DEFAULT_POLICY) == expected

    def test_type1_anchors_on_its_as_of_date(self) -> None:
        type1 = extraction(report_type=ReportType.type1, period_end=dt.date(2026, 3, 31))
        assert expires_on(type1, DEFAULT_POLICY) == dt.date(2027, 3, 31)

    def test_report_date_anchor_and_length(self) -> None:
        policy = ScoringPolicy(currency_anchor="report_date", currency_months=18)
        issued = extraction(period_end=dt.date(2025, 12, 31), report_date=dt.date(2026, 2, 15))
        assert expires_on(issued, policy) == dt.date(2027, 8, 15)

    def test_report_date_anchor_falls_back_to_the_earlier_period_end(self) -> None:
        policy = ScoringPolicy(currency_anchor="report_date")
        undated = extraction(period_end=dt.date(2025, 12, 31))
        assert expires_on(undated, policy) == dt.date(2026, 12, 31)

    def test_unknown_when_the_anchor_is_unknown(self) -> None:
        issued_only = extraction(report_date=dt.date(2026, 2, 15))
        assert expires_on(issued_only, DEFAULT_POLICY) is None
        assert expires_on(extraction(), ScoringPolicy(currency_anchor="report_date")) is None

    def test_add_months_crosses_years(self) -> None:
        assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
        assert add_months(dt.date(2026, 1, 15), 36) == dt.date(2029, 1, 15)


class TestAlertDue:
    EXPIRES = dt.date(2027, 1, 31)

    @pytest.mark.parametrize(
        ("today", "expected"),
        [
            (dt.date(2026, 10, 1), None),  # 122 days left
            (dt.date(2026, 11, 1), None),  # 91 days left: not yet
            (dt.date(2026, 11, 2), 90),  # exactly 90 days
            (dt.date(2027, 1, 1), 30),
            (dt.date(2027, 1, 24), 7),
            (dt.date(2027, 1, 30), 7),
            (dt.date(2027, 1, 31), "expired"),  # the expiry date is no longer current
            (dt.date(2028, 1, 1), "expired"),
        ],
    )
    def test_most_urgent_alert_due(self, today: dt.date, expected: str | int | None) -> None:
        assert alert_due(self.EXPIRES, today, (90, 30, 7)) == expected

    def test_report_parsed_past_several_thresholds_fires_only_the_nearest(self) -> None:
        assert alert_due(self.EXPIRES, dt.date(2027, 1, 28), (90, 30, 7)) == 7

    def test_threshold_order_does_not_matter(self) -> None:
        assert alert_due(self.EXPIRES, dt.date(2027, 1, 10), [7, 90, 30]) == 30

    def test_no_alert_without_an_expiry(self) -> None:
        assert alert_due(None, TODAY, (90, 30, 7)) is None


class TestCurrentReports:
    def test_newest_period_of_each_kind_supersedes_older(self) -> None:
        older = report("old", period_end=dt.date(2025, 12, 31))
        newer = report("new", period_end=dt.date(2026, 6, 30))
        soc1 = report("fin", kind=ReportKind.soc1, period_end=dt.date(2026, 3, 31))

        selection = select_reports([newer, soc1, older], today=TODAY)

        assert selection.current == {ReportKind.soc2: newer, ReportKind.soc1: soc1}
        assert selection.superseded == [older]

    def test_expired_newest_report_is_not_current_but_is_known(self) -> None:
        stale = report("stale", period_end=dt.date(2025, 11, 27))

        selection = select_reports([stale], today=TODAY)

        assert current_reports([stale], today=TODAY) == {}
        assert selection.expired == {ReportKind.soc2: stale}

    def test_a_newer_expired_report_supersedes_an_older_one(self) -> None:
        reports = [report("a", period_end=dt.date(2024, 6, 30)), report("b")]
        assert (
            select_reports(reports, today=dt.date(2028, 1, 1)).expired[ReportKind.soc2].report_id
            == "b"
        )

    def test_unknown_kind_is_never_current(self) -> None:
        unknown = report("u", kind=ReportKind.unknown)
        selection = select_reports([unknown], today=TODAY)
        assert selection.current == {}
        assert selection.unclassified == [unknown]

    def test_same_period_ties_break_on_upload_time_then_id(self) -> None:
        first = report("b", uploaded_at=dt.datetime(2026, 9, 1, 12))  # naive: taken as UTC
        later = report("a", uploaded_at=dt.datetime(2026, 9, 1, 13, tzinfo=dt.UTC))
        for order in ([first, later], [later, first]):
            assert current_reports(order, today=TODAY)[ReportKind.soc2] is later

    def test_undated_report_is_current_for_the_policy_length_after_upload(self) -> None:
        undated = report("x", period_end=None, uploaded_at=dt.datetime(2026, 1, 10))
        assert ReportKind.soc2 in current_reports([undated], today=dt.date(2027, 1, 9))
        assert current_reports([undated], today=dt.date(2027, 1, 10)) == {}

    def test_policy_anchor_changes_currency(self) -> None:
        late_issue = report(
            "late", period_end=dt.date(2025, 10, 31), report_date=dt.date(2026, 1, 20)
        )
        report_date_policy = ScoringPolicy(currency_anchor="report_date")
        assert current_reports([late_issue], today=TODAY) == {}
        assert ReportKind.soc2 in current_reports(
            [late_issue], today=TODAY, policy=report_date_policy
        )
