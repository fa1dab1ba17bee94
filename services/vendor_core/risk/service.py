"""Risk use cases over the database: policy versions, rescoring, history, overrides.

The model itself is pure (`vendor_core.scoring`); this module feeds it the vendor's profile,
its parsed reports (with corrections applied) and the org's policy, and records the result.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_core.db import utcnow
from vendor_core.errors import NotFound
from vendor_core.events.outbox import EventType, record_event
from vendor_core.models import AuditLogEntry, RiskOverride, RiskScore, ScoringPolicyVersion, Vendor
from vendor_core.reports import repository as reports_repository
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
    session.add(
        AuditLogEntry(
            organization_id=organization_id,
            actor_api_key_id=actor_api_key_id,
            action="scoring_policy.updated",
            entity_type="scoring_policy",
            after={"version": version},
            created_at=utcnow(),
        )
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


def score_history(session: Session, *, vendor_id: uuid.UUID) -> list[RiskScore]:
    return list(
        session.scalars(
            select(RiskScore)
            .where(RiskScore.vendor_id == vendor_id)
            .order_by(RiskScore.computed_at.desc(), RiskScore.id.desc())
        )
    )


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


def rescore_vendor(session: Session, *, vendor: Vendor, trigger: str, today: dt.date) -> RiskScore:
    """Score the vendor now; record a new score (and a risk_changed event) when it changed."""
    policy, policy_version = current_policy(session, organization_id=vendor.organization_id)
    inputs: list[ReportInput] = []
    reports_by_id = {}
    for report in reports_repository.scorable_for_vendor(session, vendor_id=vendor.id):
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
    if previous is not None and (previous.score, previous.rating) != (score.score, score.rating):
        record_event(
            session,
            organization_id=vendor.organization_id,
            type=EventType.vendor_risk_changed,
            data={
                "vendor_id": str(vendor.id),
                "previous": {"score": previous.score, "rating": previous.rating},
                "current": {"score": score.score, "rating": score.rating},
                "trigger": trigger,
            },
        )
    session.flush()
    return score


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
    vendor.current_rating = rating
    session.add(
        AuditLogEntry(
            organization_id=vendor.organization_id,
            actor_api_key_id=actor_api_key_id,
            action="risk.override_set",
            entity_type="vendor",
            entity_id=vendor.id,
            before=before,
            after={"rating": rating, "expires_at": expires_at.isoformat() if expires_at else None},
            reason=reason,
            created_at=utcnow(),
        )
    )
    session.flush()
    return override


def clear_override(session: Session, *, vendor: Vendor, actor_api_key_id: uuid.UUID | None) -> None:
    override = session.scalar(select(RiskOverride).where(RiskOverride.vendor_id == vendor.id))
    if override is None:
        raise NotFound("the vendor has no override")
    session.add(
        AuditLogEntry(
            organization_id=vendor.organization_id,
            actor_api_key_id=actor_api_key_id,
            action="risk.override_cleared",
            entity_type="vendor",
            entity_id=vendor.id,
            before={"rating": override.rating, "reason": override.reason},
            created_at=utcnow(),
        )
    )
    session.delete(override)
    latest = latest_score(session, vendor_id=vendor.id)
    vendor.current_rating = latest.rating if latest else None
    session.flush()
