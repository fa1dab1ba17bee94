"""The vendor risk model: vendor profile + effective extractions + policy -> an explained score.

Pure functions over plain data (STYLE.md §7): no database, no settings, no clock, no IO.
The caller passes `today`, the org's `ScoringPolicy` and the reports' *effective*
extractions (reviewer corrections applied), so a correction or a policy change simply
rescores. docs/scoring.md documents every factor; DESIGN.md ("Scoring") lists the
invariants the tests hold this module to.

Shape of a score: inherent points (criticality, data profile) + assurance-gap points (what
the reports fail to show), each a `Factor` line with evidence. The lines always add up to
the score: when the assurance gap is capped, a floor applies or the total is clamped to
0..100, that adjustment is its own line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from vendor_core.reports.extraction import (
    CarveMethod,
    ExceptionFinding,
    Extraction,
    Opinion,
    ReportKind,
    ReportType,
    TscCategory,
)
from vendor_core.scoring.currency import add_months, alert_due, expires_on, is_expired
from vendor_core.scoring.policy import DEFAULT_POLICY, FactorWeights, ScoringPolicy

__all__ = [
    "MODEL_VERSION",
    "Criticality",
    "Factor",
    "FactorEvidence",
    "Rating",
    "ReportInput",
    "ReportSelection",
    "RiskAssessment",
    "VendorProfile",
    "alert_due",
    "current_reports",
    "expires_on",
    "rating_for",
    "score_vendor",
    "select_reports",
]

# Bump on any change that can change a score for the same inputs and policy; stored with
# every assessment so a score history shows which model produced each figure.
MODEL_VERSION = "1.0"

MAX_SCORE = 100
_EVIDENCE_PER_FIELD = 3
_EXCEPTIONS_LISTED = 8
_EXCERPT_CHARS = 240


class Criticality(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Rating(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class VendorProfile(_Frozen):
    """What the organisation says about the vendor: how critical it is and what it handles."""

    criticality: Criticality
    handles_personal_data: bool = False
    handles_customer_data: bool = False
    impacts_financial_reporting: bool = False
    availability_critical: bool = False


class ReportInput(_Frozen):
    """One uploaded report as scoring sees it."""

    report_id: str
    extraction: Extraction = Field(description="The effective extraction: corrections applied.")
    uploaded_at: dt.datetime
    corrected_fields: frozenset[str] = Field(
        default=frozenset(),
        description="Fields a reviewer corrected; their extraction confidence no longer counts.",
    )


class FactorEvidence(_Frozen):
    report_id: str
    page: int | None
    text: str


class Factor(_Frozen):
    code: str
    points: int
    detail: str = Field(description="One or two sentences a reviewer understands.")
    evidence: list[FactorEvidence] = Field(default_factory=list)


class RiskAssessment(_Frozen):
    score: int = Field(ge=0, le=MAX_SCORE, description="0-100, higher is riskier.")
    rating: Rating
    factors: list[Factor] = Field(description="Lines whose points add up to the score.")
    report_ids: list[str] = Field(description="The reports the score is based on.")
    model_version: str


# --------------------------------------------------------------------------- rating


def rating_for(score: int, policy: ScoringPolicy = DEFAULT_POLICY) -> Rating:
    """The rating band `score` falls in: low < medium <= ... (bounds from the policy)."""
    bands = policy.rating_bands
    if score >= bands.critical:
        return Rating.critical
    if score >= bands.high:
        return Rating.high
    if score >= bands.medium:
        return Rating.medium
    return Rating.low


# --------------------------------------------------------------------------- selection

_KIND_LABEL = {
    ReportKind.soc1: "SOC 1",
    ReportKind.soc2: "SOC 2",
    ReportKind.soc3: "SOC 3",
    ReportKind.unknown: "unclassified",
}
_SECURITY_KINDS = (ReportKind.soc2, ReportKind.soc3)
_USABLE_KINDS = (ReportKind.soc1, ReportKind.soc2, ReportKind.soc3)


def _uploaded_utc(report: ReportInput) -> dt.datetime:
    # Naive upload times are taken as UTC so that naive and aware ones can be ordered.
    moment = report.uploaded_at
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _recency(report: ReportInput) -> tuple[dt.date, dt.date, dt.datetime, str]:
    # Newest period first; report date, upload time and id only break ties so that the
    # choice never depends on the order the caller passed the reports in.
    extraction = report.extraction
    return (
        extraction.period_end or dt.date.min,
        extraction.report_date or dt.date.min,
        _uploaded_utc(report),
        report.report_id,
    )


def _currency_expiry(report: ReportInput, policy: ScoringPolicy) -> dt.date:
    """Expiry for deciding currency: the documented one, else counted from the upload date.

    A report whose anchor date could not be read stays current for the policy's length
    after upload (and scores `currency_unknown`) rather than forever.
    """
    documented = expires_on(report.extraction, policy)
    if documented is not None:
        return documented
    return add_months(_uploaded_utc(report).date(), policy.currency_months)


@dataclass(frozen=True)
class ReportSelection:
    """The vendor's reports sorted by what scoring makes of them."""

    current: dict[ReportKind, ReportInput]
    expired: dict[ReportKind, ReportInput]  # kinds whose newest report has expired
    superseded: list[ReportInput]  # older reports of a kind with a newer one
    unclassified: list[ReportInput]  # kind unknown: no assurance until a reviewer sets it

    @property
    def newest(self) -> dict[ReportKind, ReportInput]:
        """The newest report of each kind, current or expired."""
        return {**self.expired, **self.current}


def select_reports(
    reports: Iterable[ReportInput], *, today: dt.date, policy: ScoringPolicy = DEFAULT_POLICY
) -> ReportSelection:
    """Newest report per usable kind, current or expired; older ones superseded."""
    by_kind: dict[ReportKind, list[ReportInput]] = {}
    unclassified: list[ReportInput] = []
    for report in reports:
        kind = report.extraction.report_kind
        if kind in _USABLE_KINDS:
            by_kind.setdefault(kind, []).append(report)
        else:
            unclassified.append(report)

    current: dict[ReportKind, ReportInput] = {}
    expired: dict[ReportKind, ReportInput] = {}
    superseded: list[ReportInput] = []
    for kind in _USABLE_KINDS:
        candidates = sorted(by_kind.get(kind, []), key=_recency, reverse=True)
        if not candidates:
            continue
        newest, *older = candidates
        if is_expired(_currency_expiry(newest, policy), today):
            expired[kind] = newest
        else:
            current[kind] = newest
        superseded.extend(older)
    unclassified.sort(key=lambda report: report.report_id)
    return ReportSelection(current, expired, superseded, unclassified)


def current_reports(
    reports: Iterable[ReportInput], *, today: dt.date, policy: ScoringPolicy = DEFAULT_POLICY
) -> dict[ReportKind, ReportInput]:
    """The current report of each kind (newest period, not expired)."""
    return select_reports(reports, today=today, policy=policy).current


# --------------------------------------------------------------------------- helpers


def _describe(report: ReportInput, *, start: bool = False) -> str:
    """'the SOC 2 type 2 report r1 (period ending 2025-12-31)'; `start` capitalises 'The'."""
    article = "The" if start else "the"
    extraction = report.extraction
    label = _KIND_LABEL[extraction.report_kind]
    if extraction.report_kind in (ReportKind.soc1, ReportKind.soc2):
        label += {
            ReportType.type1: " type 1",
            ReportType.type2: " type 2",
            None: " (type unknown)",
        }[extraction.report_type]
    if extraction.period_end is not None:
        ending = "as of" if extraction.report_type is ReportType.type1 else "period ending"
        return f"{article} {label} report {report.report_id} ({ending} {extraction.period_end})"
    return f"{article} {label} report {report.report_id}"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_CHARS else text[: _EXCERPT_CHARS - 1] + "…"


def _field_evidence(report: ReportInput, *fields: str) -> list[FactorEvidence]:
    return [
        FactorEvidence(report_id=report.report_id, page=item.page, text=_excerpt(item.text))
        for field in fields
        for item in report.extraction.evidence.get(field, [])[:_EVIDENCE_PER_FIELD]
    ]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --------------------------------------------------------------------------- inherent risk


def _inherent_factors(profile: VendorProfile, weights: FactorWeights) -> list[Factor]:
    factors = [
        Factor(
            code="criticality",
            points=getattr(weights.criticality, profile.criticality.value),
            detail=f"The vendor's criticality is {profile.criticality.value}.",
        )
    ]
    data_profile = (
        (profile.handles_personal_data, "personal_data", weights.handles_personal_data,
         "The vendor handles personal data."),
        (profile.handles_customer_data, "customer_data", weights.handles_customer_data,
         "The vendor handles customer data."),
        (profile.impacts_financial_reporting, "financial_reporting",
         weights.impacts_financial_reporting,
         "The vendor's service affects the organisation's financial reporting."),
        (profile.availability_critical, "availability_critical", weights.availability_critical,
         "The organisation depends on the vendor's service being available."),
    )  # fmt: skip
    factors += [
        Factor(code=code, points=points, detail=detail)
        for applies, code, points, detail in data_profile
        if applies and points
    ]
    return factors


# --------------------------------------------------------------------------- assurance gap


def _security_type_points(report: ReportInput, weights: FactorWeights) -> int:
    extraction = report.extraction
    if extraction.report_kind is ReportKind.soc3:
        return weights.soc3_only
    return 0 if extraction.report_type is ReportType.type2 else weights.soc2_type1


def _pick_security_report(selection: ReportSelection, policy: ScoringPolicy) -> ReportInput | None:
    """The report that stands for the vendor's security: a SOC 2, else a SOC 3.

    Current before expired, then the stronger assurance (type 2 over SOC 3 over type 1);
    a SOC 2 wins a tie because it shows its tests and exceptions.
    """
    candidates = [
        (kind_rank, report)
        for kind_rank, kind in enumerate(_SECURITY_KINDS)
        if (report := selection.newest.get(kind)) is not None
    ]
    if not candidates:
        return None
    _, best = min(
        candidates,
        key=lambda ranked: (
            ranked[1].extraction.report_kind not in selection.current,
            _security_type_points(ranked[1], policy.weights),
            ranked[0],
        ),
    )
    return best


def _coverage_factors(
    profile: VendorProfile,
    selection: ReportSelection,
    security: ReportInput | None,
    soc1: ReportInput | None,
    policy: ScoringPolicy,
) -> list[Factor]:
    """Points for assurance the vendor lacks: no report, expired reports, missing kinds."""
    weights = policy.weights
    used = [report for report in (security, soc1) if report is not None]
    if not used:
        return [
            Factor(
                code="no_current_report",
                points=weights.no_current_report,
                detail="The vendor has no SOC 1, SOC 2 or SOC 3 report, so nothing shows that "
                "its controls exist or work.",
            )
        ]

    handles_data = profile.handles_personal_data or profile.handles_customer_data
    security_gap_points = (
        weights.no_security_assurance_with_data if handles_data else weights.no_security_assurance
    )
    factors: list[Factor] = []
    any_current = any(report.extraction.report_kind in selection.current for report in used)
    if not any_current:
        factors.append(
            Factor(
                code="only_expired_report",
                points=weights.only_expired_report,
                detail="The vendor has no current report: "
                + "; ".join(
                    f"{_describe(report)} expired on {_currency_expiry(report, policy)}"
                    for report in used
                )
                + ". Its findings still count until a newer report replaces it.",
                evidence=[
                    item
                    for report in used
                    for item in _field_evidence(report, "period_end", "report_date")
                ],
            )
        )
    else:
        if security is not None and security.extraction.report_kind in selection.expired:
            factors.append(
                Factor(
                    code="security_report_expired",
                    points=security_gap_points,
                    detail=f"{_describe(security, start=True)} expired on "
                    f"{_currency_expiry(security, policy)}, so no current report covers "
                    "security; its findings still count.",
                    evidence=_field_evidence(security, "period_end", "report_date"),
                )
            )
        if (
            soc1 is not None
            and profile.impacts_financial_reporting
            and soc1.extraction.report_kind in selection.expired
            and weights.no_financial_assurance
        ):
            factors.append(
                Factor(
                    code="financial_report_expired",
                    points=weights.no_financial_assurance,
                    detail=f"{_describe(soc1, start=True)} expired on "
                    f"{_currency_expiry(soc1, policy)}, so no current SOC 1 covers the "
                    "controls over financial reporting.",
                    evidence=_field_evidence(soc1, "period_end", "report_date"),
                )
            )

    if security is None:
        factors.append(
            Factor(
                code="no_security_assurance",
                points=security_gap_points,
                detail="Only a SOC 1 is on file: it covers controls over financial reporting, "
                "not security. A SOC 2 (or SOC 3) is needed"
                + (" for a vendor handling personal or customer data." if handles_data else "."),
            )
        )
    if profile.impacts_financial_reporting and soc1 is None and weights.no_financial_assurance:
        factors.append(
            Factor(
                code="no_financial_assurance",
                points=weights.no_financial_assurance,
                detail="The vendor affects financial reporting but has no SOC 1 report; a SOC 2 "
                "does not cover controls over financial reporting.",
            )
        )
    return factors


def _report_type_factors(
    profile: VendorProfile,
    security: ReportInput | None,
    soc1: ReportInput | None,
    weights: FactorWeights,
) -> list[Factor]:
    factors: list[Factor] = []
    if security is not None:
        extraction = security.extraction
        points = _security_type_points(security, weights)
        if extraction.report_kind is ReportKind.soc3:
            factors.append(
                Factor(
                    code="soc3_only",
                    points=points,
                    detail=f"Security rests on {_describe(security)}: it gives the auditor's "
                    "opinion but no tests or exceptions to review.",
                    evidence=_field_evidence(security, "report_kind"),
                )
            )
        elif extraction.report_type is ReportType.type1:
            factors.append(
                Factor(
                    code="soc2_type1",
                    points=points,
                    detail=f"{_describe(security, start=True)} is a type 1: controls were "
                    "found suitably designed at one date, but not tested over a period.",
                    evidence=_field_evidence(security, "report_type"),
                )
            )
        elif extraction.report_type is None:
            factors.append(
                Factor(
                    code="report_type_unknown",
                    points=points,
                    detail=f"The type of {_describe(security)} could not be read, so it is "
                    "treated as a type 1 (design only) until a reviewer sets it.",
                    evidence=_field_evidence(security, "report_type"),
                )
            )
    if (
        soc1 is not None
        and profile.impacts_financial_reporting
        and soc1.extraction.report_type is not ReportType.type2
        and weights.soc1_type1
    ):
        factors.append(
            Factor(
                code="soc1_type1",
                points=weights.soc1_type1,
                detail=f"{_describe(soc1, start=True)} is not a type 2: controls over "
                "financial reporting were not tested over a period.",
                evidence=_field_evidence(soc1, "report_type"),
            )
        )
    return factors


_OPINION_DETAIL = {
    Opinion.qualified: 'the auditor qualified the opinion ("except for ..."): some controls '
    "were not suitably designed or did not operate effectively.",
    Opinion.adverse: "the auditor gave an adverse opinion: the controls were not suitably "
    "designed or did not operate effectively.",
    Opinion.disclaimer: "the auditor disclaimed an opinion: they could not obtain enough "
    "evidence to give one.",
    Opinion.unknown: "the auditor's opinion could not be read, so the report is not taken as "
    "clean until a reviewer sets it.",
}


def _opinion_factor(report: ReportInput, weights: FactorWeights) -> Factor | None:
    opinion = report.extraction.opinion
    points = {
        Opinion.unqualified: 0,
        Opinion.qualified: weights.opinion_qualified,
        Opinion.adverse: weights.opinion_adverse,
        Opinion.disclaimer: weights.opinion_disclaimer,
        Opinion.unknown: weights.opinion_unknown,
    }[opinion]
    # Adverse and disclaimer always get a line (they set the critical floor) even at 0 points.
    if not points and opinion not in (Opinion.adverse, Opinion.disclaimer):
        return None
    return Factor(
        code=f"opinion_{opinion.value}",
        points=points,
        detail=f"In {_describe(report)}, {_OPINION_DETAIL[opinion]}",
        evidence=_field_evidence(report, "opinion"),
    )


# Criterion ids look like CC6.1, A1.2, PI1.3, C1.1, P4.2; firms add suffixes ("CC6.1-02").
_CRITERION_ID = re.compile(r"\s*(CC|PI|A|C|P)\s?(\d+)", re.IGNORECASE)
_ACCESS_OR_CHANGE_SERIES = frozenset({6, 8})  # CC6 logical access, CC8 change management


class _Area(StrEnum):
    access_or_change = "logical access or change management"
    security = "security"
    unmapped = "not mapped to a criterion, weighed as security"
    other = "availability, processing integrity, confidentiality or privacy"


def _exception_area(finding: ExceptionFinding) -> _Area:
    """The heaviest criteria area an exception touches."""
    references = finding.criteria or ([finding.control_id] if finding.control_id else [])
    matches = [m for reference in references if (m := _CRITERION_ID.match(reference))]
    prefixes = {m.group(1).upper() for m in matches}
    common_series = {int(m.group(2)) for m in matches if m.group(1).upper() == "CC"}
    if common_series & _ACCESS_OR_CHANGE_SERIES:
        return _Area.access_or_change
    if "CC" in prefixes:
        return _Area.security
    if prefixes:
        return _Area.other
    # An unmapped exception (firm-specific control id, SOC 1 control objective) is weighed
    # as security: SOC 1 objectives are largely IT general controls, and guessing low would
    # let an unreadable mapping lower the score.
    return _Area.unmapped


def _rate_points(finding: ExceptionFinding, weights: FactorWeights) -> tuple[int, str]:
    deviations, sample = finding.deviations, finding.sample_size
    if deviations is None or not sample:
        return weights.exception_rate_unknown_points, "deviation rate unknown"
    deviations = min(deviations, sample)
    # ceil(deviations / sample * points) in integers, so 1 of 25 and 25 of 25 differ and
    # no float rounding can reorder two findings.
    return -(-deviations * weights.exception_rate_points // sample), f"{deviations} of {sample}"


def _exception_points(finding: ExceptionFinding, weights: FactorWeights) -> tuple[int, str]:
    area = _exception_area(finding)
    base = {
        _Area.access_or_change: weights.exception_access_or_change,
        _Area.security: weights.exception_security,
        _Area.unmapped: weights.exception_security,
        _Area.other: weights.exception_other,
    }[area]
    rate_points, rate_text = _rate_points(finding, weights)
    label = finding.control_id or ", ".join(finding.criteria) or "unnumbered control"
    points = base + rate_points
    return points, f"{label} ({area.value}; {rate_text}): {points}"


def _exceptions_factor(report: ReportInput, weights: FactorWeights) -> Factor | None:
    findings = report.extraction.exceptions
    if not findings:
        return None
    scored = [_exception_points(finding, weights) for finding in findings]
    listed = "; ".join(text for _, text in scored[:_EXCEPTIONS_LISTED])
    if len(scored) > _EXCEPTIONS_LISTED:
        listed += f"; and {len(scored) - _EXCEPTIONS_LISTED} more"
    return Factor(
        code="exceptions",
        points=sum(points for points, _ in scored),
        detail=f"The auditor noted exceptions in {_plural(len(findings), 'control')} of "
        f"{_describe(report)}. Points per control: {listed}.",
        evidence=[
            FactorEvidence(
                report_id=report.report_id, page=finding.page, text=_excerpt(finding.description)
            )
            for finding in findings
        ],
    )


def _category_factors(
    profile: VendorProfile, security: ReportInput | None, weights: FactorWeights
) -> list[Factor]:
    covered = set(security.extraction.tsc_categories) if security is not None else set()
    where = (
        f"{_describe(security)} does not cover"
        if security is not None
        else "no SOC 2 or SOC 3 report covers"
    )
    evidence = _field_evidence(security, "tsc_categories") if security is not None else []
    factors: list[Factor] = []
    if profile.handles_personal_data and not covered & {
        TscCategory.privacy,
        TscCategory.confidentiality,
    }:
        factors.append(
            Factor(
                code="missing_privacy_or_confidentiality",
                points=weights.missing_privacy_or_confidentiality,
                detail=f"The vendor handles personal data but {where} the privacy or "
                "confidentiality criteria.",
                evidence=evidence,
            )
        )
    if profile.availability_critical and TscCategory.availability not in covered:
        factors.append(
            Factor(
                code="missing_availability",
                points=weights.missing_availability,
                detail=f"The organisation depends on the vendor's availability but {where} the "
                "availability criteria.",
                evidence=evidence,
            )
        )
    return factors


def _dependency_factors(used: Sequence[ReportInput], policy: ScoringPolicy) -> list[Factor]:
    """Carve-out subservice organisations and many CUECs: controls the reports do not test."""
    weights = policy.weights
    factors: list[Factor] = []
    carved_out: dict[str, str] = {}  # casefolded name -> name as printed; one org, one count
    for report in used:
        for organization in report.extraction.subservice_organizations:
            if organization.method is CarveMethod.carve_out:
                carved_out.setdefault(organization.name.casefold(), organization.name)
    if carved_out:
        names = sorted(carved_out.values(), key=str.casefold)
        factors.append(
            Factor(
                code="carve_out_subservice",
                points=min(len(names) * weights.carve_out_per_organization, weights.carve_out_max),
                detail=f"Carved out: {_plural(len(names), 'subservice organization')} "
                f"({', '.join(names)}). Their controls are not tested in the vendor's report, "
                "so their own reports are needed too.",
                evidence=[
                    item
                    for report in used
                    for item in _field_evidence(report, "subservice_organizations")
                ],
            )
        )
    most_cuecs = max(
        used, key=lambda report: report.extraction.complementary_user_entity_controls or 0
    )
    cuec_count = most_cuecs.extraction.complementary_user_entity_controls or 0
    if cuec_count >= policy.many_cuecs_threshold:
        factors.append(
            Factor(
                code="many_cuecs",
                points=weights.many_cuecs,
                detail=f"{_describe(most_cuecs, start=True)} lists {cuec_count} complementary "
                "user entity controls that the organisation must operate itself "
                f"({policy.many_cuecs_threshold} or more counts as many).",
                evidence=_field_evidence(most_cuecs, "complementary_user_entity_controls"),
            )
        )
    return factors


def _reliability_factors(report: ReportInput, policy: ScoringPolicy) -> list[Factor]:
    """Short test periods, low extraction confidence, unknown currency: small doubts."""
    weights = policy.weights
    extraction = report.extraction
    factors: list[Factor] = []
    has_period = extraction.report_kind is ReportKind.soc3 or (
        extraction.report_type is ReportType.type2
    )
    start, end = extraction.period_start, extraction.period_end
    if (
        has_period
        and start is not None
        and end is not None
        and start <= end
        # A period of exactly N months (Jan 1 - Jun 30) ends the day before start + N months.
        and end < add_months(start, policy.short_period_months) - dt.timedelta(days=1)
        and weights.short_period
    ):
        factors.append(
            Factor(
                code="short_period",
                points=weights.short_period,
                detail=f"{_describe(report, start=True)} covers {start} to {end}, less than "
                f"{policy.short_period_months} months of operation.",
                evidence=_field_evidence(report, "period_start", "period_end"),
            )
        )

    scored_fields = ("report_kind", "report_type", "period_end", "opinion", "tsc_categories",
                     "exceptions")  # fmt: skip
    doubtful = sorted(
        field
        for field in scored_fields
        if field not in report.corrected_fields
        and extraction.confidence.get(field, 1.0) < policy.low_confidence_threshold
    )
    if doubtful and weights.low_confidence:
        factors.append(
            Factor(
                code="low_confidence",
                points=weights.low_confidence,
                detail=f"The parser was unsure of {', '.join(doubtful)} in {_describe(report)} "
                f"(confidence below {policy.low_confidence_threshold:g}); a reviewer should "
                "check before relying on the score.",
                evidence=_field_evidence(report, *doubtful),
            )
        )

    if expires_on(extraction, policy) is None and weights.currency_unknown:
        factors.append(
            Factor(
                code="currency_unknown",
                points=weights.currency_unknown,
                detail=f"The period end of {_describe(report)} could not be read, so its "
                "currency is counted from its upload date until a reviewer sets it.",
            )
        )
    return factors


def _unclassified_factor(selection: ReportSelection) -> Factor | None:
    if not selection.unclassified:
        return None
    ids = ", ".join(report.report_id for report in selection.unclassified)
    return Factor(
        code="unclassified_report",
        points=0,
        detail=f"Could not tell whether report(s) {ids} are SOC 1, SOC 2 or SOC 3, so they are "
        "not scored until a reviewer sets the kind.",
        evidence=[
            item
            for report in selection.unclassified
            for item in _field_evidence(report, "report_kind")
        ],
    )


# --------------------------------------------------------------------------- adjustments


def _adjustments(
    inherent: list[Factor],
    gap: list[Factor],
    *,
    profile: VendorProfile,
    failed_opinion: bool,
    no_current_report: bool,
    policy: ScoringPolicy,
) -> list[Factor]:
    """Ceiling, floors and clamping, each as a line so the factors still add up to the score."""
    adjustments: list[Factor] = []
    ceiling = policy.weights.no_current_report
    gap_points = sum(factor.points for factor in gap)
    # A report must never score worse than having none, or withholding a report would pay;
    # a failed opinion (adverse, disclaimer) is the exception and goes to critical instead.
    if not failed_opinion and gap_points > ceiling:
        adjustments.append(
            Factor(
                code="assurance_gap_ceiling",
                points=ceiling - gap_points,
                detail=f"The report findings add up to {gap_points} points; the assurance gap "
                f"is capped at {ceiling}, the points for having no report at all.",
            )
        )
    total = sum(factor.points for factor in [*inherent, *gap, *adjustments])

    bands = policy.rating_bands
    floors: list[tuple[int, str]] = []
    if failed_opinion:
        floors.append(
            (bands.critical, "an adverse opinion or a disclaimer makes the vendor critical")
        )
    if no_current_report and profile.criticality in (Criticality.high, Criticality.critical):
        floors.append(
            (bands.high, "a high or critical vendor without a current report is at least high")
        )
    if floors:
        floor, reason = max(floors)
        if total < floor:
            adjustments.append(
                Factor(
                    code="rating_floor",
                    points=floor - total,
                    detail=f"Raised from {total} to {floor}: {reason}.",
                )
            )
            total = floor

    if not 0 <= total <= MAX_SCORE:
        clamped = min(max(total, 0), MAX_SCORE)
        adjustments.append(
            Factor(
                code="clamp",
                points=clamped - total,
                detail=f"The factors add up to {total}; scores are kept within 0 to {MAX_SCORE}.",
            )
        )
    return adjustments


# --------------------------------------------------------------------------- entry point


def score_vendor(
    *,
    profile: VendorProfile,
    reports: Iterable[ReportInput],
    policy: ScoringPolicy = DEFAULT_POLICY,
    today: dt.date,
) -> RiskAssessment:
    """Score a vendor from its profile and reports; deterministic for the same arguments."""
    weights = policy.weights
    selection = select_reports(reports, today=today, policy=policy)
    security = _pick_security_report(selection, policy)
    soc1 = selection.newest.get(ReportKind.soc1)
    used = [report for report in (soc1, security) if report is not None]

    inherent = _inherent_factors(profile, weights)
    gap: list[Factor] = _coverage_factors(profile, selection, security, soc1, policy)
    if used:
        gap += _report_type_factors(profile, security, soc1, weights)
        for report in used:
            findings = (_opinion_factor(report, weights), _exceptions_factor(report, weights))
            gap += [factor for factor in findings if factor is not None]
        gap += _category_factors(profile, security, weights)
        gap += _dependency_factors(used, policy)
        for report in used:
            gap += _reliability_factors(report, policy)

    failed_opinion = any(
        report.extraction.opinion in (Opinion.adverse, Opinion.disclaimer) for report in used
    )
    no_current_report = not any(
        report.extraction.report_kind in selection.current for report in used
    )
    adjustments = _adjustments(
        inherent,
        gap,
        profile=profile,
        failed_opinion=failed_opinion,
        no_current_report=no_current_report,
        policy=policy,
    )
    unclassified = _unclassified_factor(selection)
    factors = [*inherent, *gap, *([unclassified] if unclassified else []), *adjustments]
    score = sum(factor.points for factor in factors)
    return RiskAssessment(
        score=score,
        rating=rating_for(score, policy),
        factors=factors,
        report_ids=[report.report_id for report in used],
        model_version=MODEL_VERSION,
    )
