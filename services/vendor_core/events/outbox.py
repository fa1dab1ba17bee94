"""Write events to the outbox in the caller's transaction; the worker delivers them."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vendor_core.db import utcnow
from vendor_core.models import Event


class EventType(StrEnum):
    report_parsed = "report.parsed"
    report_failed = "report.failed"
    report_needs_review = "report.needs_review"
    vendor_risk_changed = "vendor.risk_changed"
    report_expiring = "report.expiring"
    report_expired = "report.expired"


def record_event(
    session: Session,
    *,
    organization_id: uuid.UUID,
    type: EventType,
    data: dict[str, Any],
    dedupe_key: str | None = None,
) -> Event | None:
    """Add an event; with a `dedupe_key` already recorded, add nothing and return None.

    The unique constraint decides under races: the insert runs in a savepoint, so a loser
    of the race rolls back only its own insert, not the caller's transaction.
    """
    if dedupe_key is not None and session.scalar(
        select(Event.id).where(Event.dedupe_key == dedupe_key)
    ):
        return None
    event = Event(
        organization_id=organization_id,
        type=type.value,
        data=data,
        dedupe_key=dedupe_key,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(event)
    except IntegrityError:
        if dedupe_key is None:
            raise
        return None
    return event
