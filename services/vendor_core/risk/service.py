"""Risk use cases over the database: policy versions, rescoring, history, overrides.

The model itself is pure (`vendor_core.scoring`); this module feeds it the vendor's profile,
its parsed reports (with corrections applied) and the org's policy, and records the result.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from vendor_core.audit import record_audit
from vendor_core.db import utcnow
from vendor_core.errors import NotFound
from vendor_core.events.outbox import EventType, record_event
from vendor_core.models import (
    Report,
    RiskOverride,
    RiskScore,
    ScoringPolicyVersion,
    Vendor,
)
from vendor_core.pagination import MAX_LIMIT, Page, decode_time_cursor, encode_cursor
from vendor_core.reports import service as reports_service
from vendor_core.scoring.model import ReportInput, VendorProfile, current_reports, score_vendor
from vendor_core.scoring.policy import DEFAULT_POLICY, ScoringPolicy


def current_policy(session: Session, *, organization_id: uuid.UUID) -> tuple[ScoringPolicy, int]:
    """The org's policy in force and its version (0 = the built-in default, never changed)."""
    row = session.scalar(
        select(ScoringPolicyVersion)
        .where(ScoringPolicyVersion.organization_id == organization_id)
        .order_by(ScoringPolicyVersion.version.desc())
        .limit(1)
    )
    if row is None:
        return DEFAULT_POLICY, 0
    return ScoringPolicy.model_validate(row.policy), row.version


def set_policy(
    session: Session,
    *,
    organization_id: uuid.UUID,
    policy: ScoringPolicy,
    actor_api_key_id: uuid.UUID | None,
) -> int:
    """Store a new policy version; the caller enqueues the org's rescoring after commit."""
    latest = session.scalar(
        select(func.max(ScoringPolicyVersion.version)).where(
            ScoringPolicyVersion.organization_id == organization_id
        )
    )
    version = (latest or 0) + 1
    session.add(
        ScoringPolicyVersion(
            organization_id=organization_id,
            version=version,
            policy=policy.model_dump(mode="json"),
            created_by=actor_api_key_id,
            created_at=utcnow(),
        )
    )
    record_audit(
        session,
        organization_id=organization_id,
        actor_api_key_id=actor_api_key_id,
        action="scoring_policy.updated",
        entity_type="scoring_policy",
        after={"version": version},
    )
    session.flush()
    return version


def latest_score(session: Session, *, vendor_id: uuid.UUID) -> RiskScore | None:
    return session.scalar(
        select(RiskScore)
        .where(RiskScore.vendor_id == vendor_id)
        .order_by(RiskScore.computed_at.desc(), RiskScore.id.desc())
        .limit(1)
    )


def score_history(
    session: Session, *, vendor_id: uuid.UUID, limit: int = MAX_LIMIT, cursor: str | None = None
) -> Page[RiskScore]:
    """The vendor's scores, newest first, keyset-paginated on (computed_at, id)."""
    stmt = select(RiskScore).where(RiskScore.vendor_id == vendor_id)
    if cursor:
        computed, last_id = decode_time_cursor(cursor)
        stmt = stmt.where(
            or_(
                RiskScore.computed_at < computed,
                and_(RiskScore.computed_at == computed, RiskScore.id < last_id),
            )
        )
    rows = list(
        session.scalars(
            stmt.order_by(RiskScore.computed_at.desc(), RiskScore.id.desc()).limit(limit + 1)
        )
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].computed_at.isoformat(), rows[-1].id)
    return Page(items=rows, next_cursor=next_cursor)


def active_override(
    session: Session, *, vendor_id: uuid.UUID, now: dt.datetime
) -> RiskOverride | None:
    override = session.scalar(select(RiskOverride).where(RiskOverride.vendor_id == vendor_id))
    if override is None or (override.expires_at is not None and override.expires_at <= now):
        return None
    return override


def _profile(vendor: Vendor) -> VendorProfile:
    return VendorProfile(
        criticality=vendor.criticality,
        handles_personal_data=vendor.handles_personal_data,
        handles_customer_data=vendor.handles_customer_data,
        impacts_financial_reporting=vendor.impacts_financial_reporting,
        availability_critical=vendor.availability_critical,
    )


def scoring_inputs(
    session: Session, *, vendor_id: uuid.UUID
) -> tuple[list[ReportInput], dict[str, Report]]:
    """What the pure model reads of the vendor's reports (corrections applied), and the
    rows they came from by id."""
    inputs: list[ReportInput] = []
    reports_by_id: dict[str, Report] = {}
    for report in reports_service.scored_reports(session, vendor_id=vendor_id):
        extraction = reports_service.effective_model(report)
        if extraction is not None:
            reports_by_id[str(report.id)] = report
            inputs.append(
                ReportInput(
                    report_id=str(report.id),
                    extraction=extraction,
                    uploaded_at=report.created_at,
                    corrected_fields=frozenset(report.corrections or {}),
                )
            )
    return inputs, reports_by_id


def rescore_vendor(session: Session, *, vendor: Vendor, trigger: str, today: dt.date) -> RiskScore:
    """Score the vendor now; record a new score (and a risk_changed event) when it changed."""
    policy, policy_version = current_policy(session, organization_id=vendor.organization_id)
    inputs, reports_by_id = scoring_inputs(session, vendor_id=vendor.id)
    assessment = score_vendor(profile=_profile(vendor), reports=inputs, policy=policy, today=today)
    factors: list[dict[str, Any]] = [
        factor.model_dump(mode="json") for factor in assessment.factors
    ]
    previous = latest_score(session, vendor_id=vendor.id)
    unchanged = previous is not None and (
        previous.score,
        previous.rating,
        previous.factors,
        previous.report_ids,
        previous.model_version,
        previous.policy_version,
    ) == (
        assessment.score,
        assessment.rating,
        factors,
        assessment.report_ids,
        assessment.model_version,
        policy_version,
    )
    current = current_reports(inputs, today=today, policy=policy)
    expiries = [
        expiry
        for chosen in current.values()
        if (expiry := reports_by_id[chosen.report_id].expires_at) is not None
    ]
    vendor.next_expiry = min(expiries) if expiries else None
    override = active_override(session, vendor_id=vendor.id, now=utcnow())
    previous_effective = vendor.current_rating
    vendor.current_score = assessment.score
    vendor.current_rating = override.rating if override else assessment.rating
    if unchanged:
        assert previous is not None
        session.flush()
        return previous
    score = RiskScore(
        organization_id=vendor.organization_id,
        vendor_id=vendor.id,
        score=assessment.score,
        rating=assessment.rating,
        factors=factors,
        report_ids=assessment.report_ids,
        model_version=assessment.model_version,
        policy_version=policy_version,
        trigger=trigger,
        computed_at=utcnow(),
    )
    session.add(score)
    if previous is not None:
        _record_risk_changed(
            session,
            vendor=vendor,
            previous=(previous.score, previous.rating, previous_effective),
            current=(score.score, score.rating, vendor.current_rating),
            trigger=trigger,
        )
    session.flush()
    return score


def _record_risk_changed(
    session: Session,
    *,
    vendor: Vendor,
    previous: tuple[int, str, str | None],
    current: tuple[int, str, str | None],
    trigger: str,
) -> None:
    """`vendor.risk_changed` when the score, the computed rating or the rating in force
    (an override wins) changed: (score, rating, effective_rating) before and after."""
    if previous == current:
        return

    def as_data(snapshot: tuple[int, str, str | None]) -> dict[str, Any]:
        score, rating, effective = snapshot
        return {"score": score, "rating": rating, "effective_rating": effective or rating}

    record_event(
        session,
        organization_id=vendor.organization_id,
        type=EventType.vendor_risk_changed,
        data={
            "vendor_id": str(vendor.id),
            "previous": as_data(previous),
            "current": as_data(current),
            "trigger": trigger,
        },
    )


def _override_changed(
    session: Session, *, vendor: Vendor, before: str | None, trigger: str
) -> None:
    latest = latest_score(session, vendor_id=vendor.id)
    if latest is not None:
        _record_risk_changed(
            session,
            vendor=vendor,
            previous=(latest.score, latest.rating, before),
            current=(latest.score, latest.rating, vendor.current_rating),
            trigger=trigger,
        )


def set_override(
    session: Session,
    *,
    vendor: Vendor,
    rating: str,
    reason: str,
    expires_at: dt.datetime | None,
    actor_api_key_id: uuid.UUID | None,
) -> RiskOverride:
    """Set the reviewer's rating; the computed score stays as it is."""
    override = session.scalar(select(RiskOverride).where(RiskOverride.vendor_id == vendor.id))
    before = None if override is None else {"rating": override.rating, "reason": override.reason}
    if override is None:
        override = RiskOverride(
            vendor_id=vendor.id, created_at=utcnow(), rating=rating, reason=reason
        )
        session.add(override)
    override.rating = rating
    override.reason = reason
    override.expires_at = expires_at
    override.created_by = actor_api_key_id
    rating_before = vendor.current_rating
    vendor.current_rating = rating
    _override_changed(session, vendor=vendor, before=rating_before, trigger="override.set")
    record_audit(
        session,
        organization_id=vendor.organization_id,
        actor_api_key_id=actor_api_key_id,
        action="risk.override_set",
        entity_type="vendor",
        entity_id=vendor.id,
        before=before,
        after={"rating": rating, "expires_at": expires_at.isoformat() if expires_at else None},
        reason=reason,
    )
    session.flush()
    return override


def clear_override(session: Session, *, vendor: Vendor, actor_api_key_id: uuid.UUID | None) -> None:
    override = session.scalar(select(RiskOverride).where(RiskOverride.vendor_id == vendor.id))
    if override is None:
        raise NotFound("the vendor has no override")
    record_audit(
        session,
        organization_id=vendor.organization_id,
        actor_api_key_id=actor_api_key_id,
        action="risk.override_cleared",
        entity_type="vendor",
        entity_id=vendor.id,
        before={"rating": override.rating, "reason": override.reason},
    )
    session.delete(override)
    latest = latest_score(session, vendor_id=vendor.id)
    rating_before = vendor.current_rating
    vendor.current_rating = latest.rating if latest else None
    _override_changed(session, vendor=vendor, before=rating_before, trigger="override.cleared")
    session.flush()


def lapse_expired_overrides(session: Session, *, now: dt.datetime) -> list[uuid.UUID]:
    """Remove overrides whose expiry has passed, so the computed rating shows again.

    Reads already ignore an expired override; this brings the vendor's stored rating (what
    `GET /v1/vendors?rating=` filters on) back to the computed one. Audited; returns the
    vendors affected. Meant for the periodic sweep.
    """
    expired = list(
        session.scalars(
            select(RiskOverride).where(
                RiskOverride.expires_at.is_not(None), RiskOverride.expires_at <= now
            )
        )
    )
    for override in expired:
        vendor = session.get(Vendor, override.vendor_id)
        assert vendor is not None
        record_audit(
            session,
            organization_id=vendor.organization_id,
            actor_api_key_id=None,
            action="risk.override_expired",
            entity_type="vendor",
            entity_id=vendor.id,
            before={
                "rating": override.rating,
                "reason": override.reason,
                "expires_at": override.expires_at.isoformat() if override.expires_at else None,
            },
        )
        session.delete(override)
        latest = latest_score(session, vendor_id=vendor.id)
        rating_before = vendor.current_rating
        vendor.current_rating = latest.rating if latest else None
        _override_changed(session, vendor=vendor, before=rating_before, trigger="override.expired")
    session.flush()
    return [override.vendor_id for override in expired]
