"""Vendor risk scores, their history, reviewers' overrides and the scoring policy."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import ValidationError

from vendor_api.deps import AdminDep, ProducerDep, ReaderDep, ReviewerDep, SessionDep
from vendor_api.schemas.common import problems
from vendor_api.schemas.risk import (
    RiskHistory,
    RiskOverrideRead,
    RiskOverrideWrite,
    RiskRead,
    ScoringPolicyRead,
)
from vendor_core.db import utcnow
from vendor_core.errors import InvalidInput, NotFound, field_errors
from vendor_core.models import RiskOverride, RiskScore
from vendor_core.pagination import MAX_LIMIT
from vendor_core.risk import service as risk_service
from vendor_core.scoring.policy import ScoringPolicy
from vendor_core.vendors import service as vendors_service

router = APIRouter(tags=["risk"], responses=problems(401, 403, 404))


def _risk_read(score: RiskScore, override: RiskOverride | None) -> RiskRead:
    return RiskRead(
        vendor_id=score.vendor_id,
        score=score.score,
        rating=score.rating,  # type: ignore[arg-type]
        effective_rating=(override.rating if override else score.rating),  # type: ignore[arg-type]
        factors=score.factors,  # type: ignore[arg-type]
        report_ids=score.report_ids,
        model_version=score.model_version,
        policy_version=score.policy_version,
        computed_at=score.computed_at,
        override=RiskOverrideRead.model_validate(override) if override else None,
    )


@router.get("/v1/vendors/{vendor_id}/risk", response_model=RiskRead, responses=problems(422))
def get_vendor_risk(vendor_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> RiskRead:
    """The vendor's current score, rating and the factors that explain it."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    score = risk_service.latest_score(session, vendor_id=vendor.id)
    if score is None:
        raise NotFound("the vendor has not been scored yet")
    override = risk_service.active_override(session, vendor_id=vendor.id, now=utcnow())
    return _risk_read(score, override)


@router.get(
    "/v1/vendors/{vendor_id}/risk/history", response_model=RiskHistory, responses=problems(422)
)
def get_vendor_risk_history(
    vendor_id: uuid.UUID,
    session: SessionDep,
    principal: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> RiskHistory:
    """Every score the vendor has had, newest first (the override is not part of a score)."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    page = risk_service.score_history(session, vendor_id=vendor.id, limit=limit, cursor=cursor)
    return RiskHistory(
        items=[_risk_read(score, None) for score in page.items], next_cursor=page.next_cursor
    )


@router.put(
    "/v1/vendors/{vendor_id}/risk/override", response_model=RiskRead, responses=problems(400, 422)
)
def put_vendor_risk_override(
    vendor_id: uuid.UUID, body: RiskOverrideWrite, session: SessionDep, principal: ReviewerDep
) -> RiskRead:
    """A reviewer sets the vendor's rating, with a reason; the computed score stays visible."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    if body.expires_at is not None and body.expires_at <= utcnow():
        raise InvalidInput(
            "expires_at must be in the future",
            errors=[{"field": "expires_at", "message": "must be in the future"}],
        )
    override = risk_service.set_override(
        session,
        vendor=vendor,
        rating=body.rating,
        reason=body.reason,
        expires_at=body.expires_at,
        actor_api_key_id=principal.api_key_id,
    )
    score = risk_service.latest_score(session, vendor_id=vendor.id)
    if score is None:
        score = risk_service.rescore_vendor(
            session, vendor=vendor, trigger="override", today=utcnow().date()
        )
    session.commit()
    return _risk_read(score, override)


@router.delete("/v1/vendors/{vendor_id}/risk/override", status_code=204, responses=problems(422))
def delete_vendor_risk_override(
    vendor_id: uuid.UUID, session: SessionDep, principal: ReviewerDep
) -> Response:
    """Remove the override; the computed rating applies again."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    risk_service.clear_override(session, vendor=vendor, actor_api_key_id=principal.api_key_id)
    session.commit()
    return Response(status_code=204)


@router.get("/v1/scoring-policy", response_model=ScoringPolicyRead)
def get_scoring_policy(session: SessionDep, principal: ReaderDep) -> ScoringPolicyRead:
    """The org's scoring policy in force (version 0 is the built-in default)."""
    policy, version = risk_service.current_policy(
        session, organization_id=principal.organization_id
    )
    return ScoringPolicyRead(version=version, policy=policy.model_dump(mode="json"))


@router.put("/v1/scoring-policy", response_model=ScoringPolicyRead, responses=problems(400, 422))
def put_scoring_policy(
    body: dict[str, Any], session: SessionDep, principal: AdminDep, producer: ProducerDep
) -> ScoringPolicyRead:
    """Replace the org's policy (validated, versioned); the org's vendors are rescored."""
    try:
        policy = ScoringPolicy.model_validate(body)
    except ValidationError as exc:
        raise InvalidInput(
            "the scoring policy is not valid",
            errors=field_errors(exc),
        ) from None
    version = risk_service.set_policy(
        session,
        organization_id=principal.organization_id,
        policy=policy,
        actor_api_key_id=principal.api_key_id,
    )
    session.commit()
    producer.enqueue_rescore(principal.organization_id)
    return ScoringPolicyRead(version=version, policy=policy.model_dump(mode="json"))
