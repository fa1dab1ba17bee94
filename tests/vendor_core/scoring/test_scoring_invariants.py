"""The invariants of DESIGN.md ("Scoring") as properties over generated vendors and reports.

"All else equal" comparisons build one vendor and report set, then change exactly the one
thing the invariant is about. A strict "raises the score" can only fail to show when the
lower-scoring variant already sits at a ceiling (the assurance-gap cap or the 0..100
clamp), where nothing can rise further; the tests then require >= and say so.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from vendor_core.reports.extraction import (
    CarveMethod,
    ExceptionFinding,
    Extraction,
    Opinion,
    ReportKind,
    ReportType,
    Source,
    SubserviceOrganization,
    TscCategory,
)
from vendor_core.scoring import (
    DEFAULT_POLICY,
    Criticality,
    Rating,
    ReportInput,
    RiskAssessment,
    ScoringPolicy,
    VendorProfile,
    rating_for,
    score_vendor,
)
from vendor_core.scoring.policy import FactorWeights, RatingBands

T = TypeVar("T")

TODAY = dt.date(2026, 11, 27)
FAR_FUTURE = TODAY + dt.timedelta(days=5 * 366)  # every report has expired by then
PROPERTY = settings(max_examples=120, deadline=None)

SECURITY_CRITERIA = ("CC1.1", "CC3.2", "CC6.1", "CC6.6", "CC7.2", "CC8.1", "CC9.2")
OTHER_CRITERIA = ("A1.2", "PI1.3", "C1.1", "C1.2", "P4.2", "P6.1")
OPTIONAL_CATEGORIES = tuple(c for c in TscCategory if c is not TscCategory.security)
USABLE_KINDS = (ReportKind.soc1, ReportKind.soc2, ReportKind.soc3)
RATING_ORDER = list(Rating)

usable_kinds = st.sampled_from(USABLE_KINDS)
any_kind = st.sampled_from([*USABLE_KINDS, ReportKind.unknown])
any_opinion = st.sampled_from(Opinion)

POLICIES = (
    DEFAULT_POLICY,
    ScoringPolicy(currency_anchor="report_date", currency_months=24),
    ScoringPolicy(rating_bands=RatingBands(medium=10, high=20, critical=30)),
    ScoringPolicy(
        weights=FactorWeights(no_current_report=90, opinion_qualified=60, opinion_adverse=0),
        currency_months=1,
    ),
)


INHERENT_CODES = frozenset(
    {
        "criticality",
        "personal_data",
        "customer_data",
        "financial_reporting",
        "availability_critical",
    }
)
ADJUSTMENT_CODES = frozenset({"assurance_gap_ceiling", "rating_floor", "clamp"})


def at_a_limit(assessment: RiskAssessment, policy: ScoringPolicy = DEFAULT_POLICY) -> bool:
    """Whether the score is held where a further finding may not move it.

    That is: an adjustment line holds it (gap ceiling, rating floor, clamp), or its
    assurance gap has already reached the ceiling.
    """
    if any(f.code in ADJUSTMENT_CODES for f in assessment.factors):
        return True
    gap = sum(f.points for f in assessment.factors if f.code not in INHERENT_CODES)
    return gap >= policy.weights.no_current_report


def assert_raises(lower: RiskAssessment, higher: RiskAssessment) -> None:
    assert higher.score >= lower.score
    if not at_a_limit(lower):
        assert higher.score > lower.score


def score(
    profile: VendorProfile,
    reports: list[ReportInput],
    *,
    today: dt.date = TODAY,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> RiskAssessment:
    return score_vendor(profile=profile, reports=reports, policy=policy, today=today)


def with_extraction(report: ReportInput, **changes: object) -> ReportInput:
    extraction = report.extraction.model_copy(update=changes)
    return report.model_copy(update={"extraction": extraction})


# --------------------------------------------------------------------------- strategies

profiles = st.builds(
    VendorProfile,
    criticality=st.sampled_from(Criticality),
    handles_personal_data=st.booleans(),
    handles_customer_data=st.booleans(),
    impacts_financial_reporting=st.booleans(),
    availability_critical=st.booleans(),
)


# Hypothesis draws are costly, so the invariant-relevant choices (kind, type, opinion,
# profile flags) are drawn one by one and shrink to readable cases, while the bulk detail
# of a report (dates, exceptions, subservice organisations, confidences) comes from one
# drawn seed. A failure still prints the whole report that caused it.


def _maybe(rng: random.Random, value: T, none_rate: float = 0.25) -> T | None:
    return None if rng.random() < none_rate else value


def random_finding(rng: random.Random, criteria_pool: tuple[str, ...]) -> ExceptionFinding:
    sample_size = _maybe(rng, rng.choice([0, 1, 5, 25, 40, 60]))
    top = sample_size if sample_size else 60
    return ExceptionFinding(
        control_id=_maybe(rng, rng.choice(["CC6.1-02", "DS-1", "VM - 6", "A1.2"]), 0.5),
        criteria=rng.sample(criteria_pool, k=rng.randint(0, min(3, len(criteria_pool)))),
        description="Exception noted: the control did not operate for some samples.",
        deviations=_maybe(rng, rng.choice([0, 1, 2, top])),
        sample_size=sample_size,
        page=_maybe(rng, rng.randint(1, 250)),
    )


def findings(
    criteria_pool: tuple[str, ...] = SECURITY_CRITERIA + OTHER_CRITERIA,
) -> st.SearchStrategy[ExceptionFinding]:
    return st.integers(0, 2**32 - 1).map(
        lambda seed: random_finding(random.Random(seed), criteria_pool)
    )


def security_findings() -> st.SearchStrategy[ExceptionFinding]:
    """Findings mapped to at least one common criterion (and no other id to go by)."""
    return findings(SECURITY_CRITERIA).map(
        lambda finding: finding.model_copy(
            update={"control_id": None, "criteria": finding.criteria or ["CC7.2"]}
        )
    )


def random_extraction(
    rng: random.Random, kind: ReportKind, report_type: ReportType | None, opinion: Opinion,
    current: bool,
) -> Extraction:  # fmt: skip
    if current:
        # Current under every policy in POLICIES but the one-month one.
        period_end: dt.date | None = TODAY - dt.timedelta(days=rng.randint(0, 330))
    else:
        period_end = _maybe(rng, TODAY - dt.timedelta(days=rng.randint(0, 1500)), 0.15)
    period_start = None
    if period_end is not None and report_type is not ReportType.type1 and rng.random() < 0.6:
        period_start = period_end - dt.timedelta(days=rng.choice([61, 90, 180, 181, 270, 365]))
    categories: list[TscCategory] = []
    if kind in (ReportKind.soc2, ReportKind.soc3):
        chosen = set(rng.sample(OPTIONAL_CATEGORIES, k=rng.randint(0, len(OPTIONAL_CATEGORIES))))
        categories = [c for c in TscCategory if c is TscCategory.security or c in chosen]
    report_date = None
    if period_end is not None and rng.random() < 0.5:
        report_date = period_end + dt.timedelta(days=rng.randint(10, 120))
    exception_count = 0 if kind is ReportKind.soc3 else rng.choice([0, 0, 1, 2, 3, 5, 8])
    names = ["Amazon Web Services", "Microsoft Azure", "Equinix", "amazon web services"]
    confidence_fields = ["report_kind", "report_type", "period_end", "opinion", "exceptions"]
    return Extraction(
        source=Source(sha256="0" * 64, pages=rng.randint(10, 250)),
        report_kind=kind,
        report_type=report_type,
        period_start=period_start,
        period_end=period_end,
        report_date=report_date,
        tsc_categories=categories,
        opinion=opinion,
        exceptions=[
            random_finding(rng, SECURITY_CRITERIA + OTHER_CRITERIA) for _ in range(exception_count)
        ],
        subservice_organizations=[
            SubserviceOrganization(name=rng.choice(names), method=rng.choice(list(CarveMethod)))
            for _ in range(rng.choice([0, 0, 1, 2, 3]))
        ],
        complementary_user_entity_controls=_maybe(rng, rng.choice([0, 5, 19, 20, 35])),
        confidence={
            field: rng.choice([0.0, 0.3, 0.59, 0.6, 0.9, 1.0])
            for field in rng.sample(confidence_fields, k=rng.randint(0, 3))
        },
    )


@st.composite
def extractions(
    draw: st.DrawFn,
    kinds: st.SearchStrategy[ReportKind] = usable_kinds,
    opinions: st.SearchStrategy[Opinion] = any_opinion,
    current: bool = True,
) -> Extraction:
    kind = draw(kinds)
    report_type = None
    if kind in (ReportKind.soc1, ReportKind.soc2):
        report_type = draw(st.sampled_from([ReportType.type2, ReportType.type1, None]))
    opinion = draw(opinions)
    seed = draw(st.integers(0, 2**32 - 1))
    return random_extraction(random.Random(seed), kind, report_type, opinion, current)


@st.composite
def report_inputs(draw: st.DrawFn, extraction: st.SearchStrategy[Extraction]) -> ReportInput:
    minutes_ago = draw(st.integers(0, 300 * 24 * 60))
    uploaded = dt.datetime.combine(TODAY, dt.time(9)) - dt.timedelta(minutes=minutes_ago)
    if minutes_ago % 2:  # naive and aware upload times both occur in callers' data
        uploaded = uploaded.replace(tzinfo=dt.UTC)
    return ReportInput(report_id="r", extraction=draw(extraction), uploaded_at=uploaded)


def single_report(
    kinds: st.SearchStrategy[ReportKind] = usable_kinds,
    opinions: st.SearchStrategy[Opinion] = any_opinion,
) -> st.SearchStrategy[ReportInput]:
    return report_inputs(extractions(kinds=kinds, opinions=opinions))


def _numbered(reports: list[ReportInput]) -> list[ReportInput]:
    return [report.model_copy(update={"report_id": f"r{i}"}) for i, report in enumerate(reports)]


def report_sets(
    *,
    kinds: st.SearchStrategy[ReportKind] = any_kind,
    opinions: st.SearchStrategy[Opinion] = any_opinion,
    current: bool = False,
    min_size: int = 0,
) -> st.SearchStrategy[list[ReportInput]]:
    return st.lists(
        report_inputs(extractions(kinds=kinds, opinions=opinions, current=current)),
        min_size=min_size,
        max_size=4,
    ).map(_numbered)


acceptable_opinions = st.sampled_from([Opinion.unqualified, Opinion.qualified, Opinion.unknown])


# --------------------------------------------------------------------------- always


class TestScoreShape:
    @PROPERTY
    @given(
        profiles,
        report_sets(),
        st.dates(TODAY - dt.timedelta(days=400), FAR_FUTURE),
        st.sampled_from(POLICIES),
    )
    def test_score_in_range_rating_in_band_and_factors_add_up(
        self,
        profile: VendorProfile,
        reports: list[ReportInput],
        today: dt.date,
        policy: ScoringPolicy,
    ) -> None:
        assessment = score(profile, reports, today=today, policy=policy)

        assert 0 <= assessment.score <= 100
        assert assessment.rating == rating_for(assessment.score, policy)
        assert sum(f.points for f in assessment.factors) == assessment.score
        assert set(assessment.report_ids) <= {r.report_id for r in reports}
        assert all(f.detail.strip() for f in assessment.factors)

    @PROPERTY
    @given(profiles, report_sets(), st.randoms(use_true_random=False), st.sampled_from(POLICIES))
    def test_deterministic_and_independent_of_report_order(
        self,
        profile: VendorProfile,
        reports: list[ReportInput],
        rng: random.Random,
        policy: ScoringPolicy,
    ) -> None:
        first = score(profile, reports, policy=policy)
        shuffled = list(reports)
        rng.shuffle(shuffled)

        assert score(profile, reports, policy=policy) == first
        assert score(profile, shuffled, policy=policy) == first

    @given(st.integers(0, 100), st.sampled_from(POLICIES))
    def test_rating_matches_bands(self, value: int, policy: ScoringPolicy) -> None:
        bands = policy.rating_bands
        expected = (
            Rating.critical
            if value >= bands.critical
            else Rating.high
            if value >= bands.high
            else Rating.medium
            if value >= bands.medium
            else Rating.low
        )
        assert rating_for(value, policy) is expected

    @PROPERTY
    @given(profiles, report_sets(), st.sampled_from(list(Criticality)))
    def test_higher_criticality_never_lowers(
        self, profile: VendorProfile, reports: list[ReportInput], other: Criticality
    ) -> None:
        ordered = list(Criticality)
        lower, higher = sorted([profile.criticality, other], key=ordered.index)
        assert (
            score(profile.model_copy(update={"criticality": higher}), reports).score
            >= score(profile.model_copy(update={"criticality": lower}), reports).score
        )


# --------------------------------------------------------------------------- currency


class TestNoCurrentReport:
    @PROPERTY
    @given(
        profiles,
        report_sets(kinds=usable_kinds, opinions=acceptable_opinions, current=True, min_size=1),
    )
    def test_no_report_scores_higher_than_current_reports(
        self, profile: VendorProfile, reports: list[ReportInput]
    ) -> None:
        assert_raises(score(profile, reports), score(profile, []))

    @PROPERTY
    @given(profiles, report_sets(current=True, min_size=1))
    def test_only_expired_reports_score_higher_than_the_same_reports_current(
        self, profile: VendorProfile, reports: list[ReportInput]
    ) -> None:
        assert_raises(score(profile, reports), score(profile, reports, today=FAR_FUTURE))

    @PROPERTY
    @given(
        profiles.filter(lambda p: p.criticality in (Criticality.high, Criticality.critical)),
        report_sets(),
        st.sampled_from(POLICIES),
    )
    def test_high_or_critical_vendor_without_current_report_is_at_least_high(
        self, profile: VendorProfile, reports: list[ReportInput], policy: ScoringPolicy
    ) -> None:
        for assessment in (
            score(profile, [], policy=policy),
            score(profile, reports, today=FAR_FUTURE, policy=policy),
        ):
            assert RATING_ORDER.index(assessment.rating) >= RATING_ORDER.index(Rating.high)


# --------------------------------------------------------------------------- opinion


class TestOpinion:
    @PROPERTY
    @given(
        profiles,
        report_sets(min_size=1, kinds=st.sampled_from(USABLE_KINDS)),
        st.sampled_from([Opinion.adverse, Opinion.disclaimer]),
        st.sampled_from([TODAY, FAR_FUTURE]),
        st.sampled_from(POLICIES),
    )
    def test_adverse_or_disclaimer_is_critical(
        self,
        profile: VendorProfile,
        reports: list[ReportInput],
        opinion: Opinion,
        today: dt.date,
        policy: ScoringPolicy,
    ) -> None:
        failed = [with_extraction(report, opinion=opinion) for report in reports]
        assert score(profile, failed, today=today, policy=policy).rating is Rating.critical

    @PROPERTY
    @given(profiles, single_report(opinions=st.just(Opinion.unqualified)))
    def test_qualified_scores_higher_than_unqualified(
        self, profile: VendorProfile, report: ReportInput
    ) -> None:
        qualified = with_extraction(report, opinion=Opinion.qualified)
        assert_raises(score(profile, [report]), score(profile, [qualified]))


# --------------------------------------------------------------------------- exceptions


class TestExceptions:
    @PROPERTY
    @given(profiles, report_sets(min_size=1), st.data(), findings())
    def test_adding_an_exception_never_lowers(
        self,
        profile: VendorProfile,
        reports: list[ReportInput],
        data: st.DataObject,
        finding: ExceptionFinding,
    ) -> None:
        index = data.draw(st.integers(0, len(reports) - 1))
        target = reports[index]
        more = [
            *reports[:index],
            with_extraction(target, exceptions=[*target.extraction.exceptions, finding]),
            *reports[index + 1 :],
        ]
        assert score(profile, more).score >= score(profile, reports).score

    @PROPERTY
    @given(
        profiles,
        single_report(kinds=st.sampled_from([ReportKind.soc1, ReportKind.soc2])),
        findings(),
    )
    def test_an_exception_on_a_current_report_raises(
        self, profile: VendorProfile, report: ReportInput, finding: ExceptionFinding
    ) -> None:
        more = with_extraction(report, exceptions=[*report.extraction.exceptions, finding])
        assert_raises(score(profile, [report]), score(profile, [more]))

    @PROPERTY
    @given(
        profiles,
        single_report(kinds=st.sampled_from([ReportKind.soc1, ReportKind.soc2])),
        security_findings(),
        st.lists(st.sampled_from(OTHER_CRITERIA), min_size=1, max_size=3),
    )
    def test_security_exception_weighs_more_than_non_security(
        self,
        profile: VendorProfile,
        report: ReportInput,
        security_finding: ExceptionFinding,
        other_criteria: list[str],
    ) -> None:
        other_finding = security_finding.model_copy(update={"criteria": other_criteria})
        existing = report.extraction.exceptions
        assert_raises(
            score(profile, [with_extraction(report, exceptions=[*existing, other_finding])]),
            score(profile, [with_extraction(report, exceptions=[*existing, security_finding])]),
        )


# --------------------------------------------------------------------------- report kind/type


def soc2_type2(report: ReportInput) -> ReportInput:
    return with_extraction(report, report_kind=ReportKind.soc2, report_type=ReportType.type2)


class TestReportKindAndType:
    @PROPERTY
    @given(profiles, single_report(kinds=st.just(ReportKind.soc2)))
    def test_type1_scores_higher_than_type2(
        self, profile: VendorProfile, report: ReportInput
    ) -> None:
        type2 = soc2_type2(report)
        type1 = with_extraction(type2, report_type=ReportType.type1, period_start=None)
        assert_raises(score(profile, [type2]), score(profile, [type1]))

    @PROPERTY
    @given(profiles, single_report(kinds=st.just(ReportKind.soc2)))
    def test_soc3_alone_scores_higher_than_soc2_type2(
        self, profile: VendorProfile, report: ReportInput
    ) -> None:
        type2 = with_extraction(soc2_type2(report), exceptions=[])
        soc3 = with_extraction(type2, report_kind=ReportKind.soc3, report_type=None)
        assert_raises(score(profile, [type2]), score(profile, [soc3]))

    @PROPERTY
    @given(
        profiles.map(lambda p: p.model_copy(update={"handles_customer_data": True})),
        single_report(kinds=st.just(ReportKind.soc2)),
    )
    def test_soc1_alone_gives_no_security_assurance(
        self, profile: VendorProfile, report: ReportInput
    ) -> None:
        type2 = soc2_type2(report)
        soc1 = with_extraction(type2, report_kind=ReportKind.soc1, tsc_categories=[])
        assert_raises(score(profile, [type2]), score(profile, [soc1]))


# --------------------------------------------------------------------------- coverage


class TestCoverage:
    @PROPERTY
    @given(
        profiles.map(lambda p: p.model_copy(update={"handles_personal_data": True})),
        single_report(kinds=st.sampled_from([ReportKind.soc2, ReportKind.soc3])),
        st.sampled_from([TscCategory.privacy, TscCategory.confidentiality]),
    )
    def test_personal_data_without_privacy_or_confidentiality_raises(
        self, profile: VendorProfile, report: ReportInput, covering: TscCategory
    ) -> None:
        categories = report.extraction.tsc_categories
        lacking = [
            c for c in categories if c not in (TscCategory.privacy, TscCategory.confidentiality)
        ]
        covered = [c for c in TscCategory if c in lacking or c is covering]
        assert_raises(
            score(profile, [with_extraction(report, tsc_categories=covered)]),
            score(profile, [with_extraction(report, tsc_categories=lacking)]),
        )

    @PROPERTY
    @given(
        profiles.map(lambda p: p.model_copy(update={"availability_critical": True})),
        single_report(kinds=st.sampled_from([ReportKind.soc2, ReportKind.soc3])),
    )
    def test_availability_critical_without_availability_raises(
        self, profile: VendorProfile, report: ReportInput
    ) -> None:
        categories = report.extraction.tsc_categories
        lacking = [c for c in categories if c is not TscCategory.availability]
        covered = [c for c in TscCategory if c in lacking or c is TscCategory.availability]
        assert_raises(
            score(profile, [with_extraction(report, tsc_categories=covered)]),
            score(profile, [with_extraction(report, tsc_categories=lacking)]),
        )

    @PROPERTY
    @given(profiles, single_report(), st.sampled_from(["Snowflake", "Okta", "Stripe"]))
    def test_carve_out_subservice_organization_raises(
        self, profile: VendorProfile, report: ReportInput, name: str
    ) -> None:
        inclusive_only = [
            org.model_copy(update={"method": CarveMethod.inclusive})
            for org in report.extraction.subservice_organizations
        ]
        carved = [*inclusive_only, SubserviceOrganization(name=name, method=CarveMethod.carve_out)]
        assert_raises(
            score(profile, [with_extraction(report, subservice_organizations=inclusive_only)]),
            score(profile, [with_extraction(report, subservice_organizations=carved)]),
        )

    @PROPERTY
    @given(profiles, single_report(), st.integers(0, 19), st.integers(20, 200))
    def test_many_cuecs_raise(
        self, profile: VendorProfile, report: ReportInput, few: int, many: int
    ) -> None:
        assert_raises(
            score(profile, [with_extraction(report, complementary_user_entity_controls=few)]),
            score(profile, [with_extraction(report, complementary_user_entity_controls=many)]),
        )

    @PROPERTY
    @given(profiles, single_report(), st.integers(0, 200), st.integers(0, 200))
    def test_more_cuecs_or_carve_outs_never_lower(
        self, profile: VendorProfile, report: ReportInput, a: int, b: int
    ) -> None:
        fewer, more = sorted([a, b])
        assert (
            score(profile, [with_extraction(report, complementary_user_entity_controls=more)]).score
            >= score(
                profile, [with_extraction(report, complementary_user_entity_controls=fewer)]
            ).score
        )
