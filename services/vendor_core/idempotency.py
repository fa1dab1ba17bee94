"""Idempotency-Key support for create endpoints: the same key replays the first result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_core.errors import IdempotencyKeyReused, InvalidInput
from vendor_core.models import IdempotencyRecord

MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class Replay:
    resource_id: uuid.UUID
    status_code: int


def lookup(
    session: Session, *, organization_id: uuid.UUID, key: str | None, scope: str
) -> Replay | None:
    """The earlier result for this key, or None; IdempotencyKeyReused if the key was used
    for another endpoint."""
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters")
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.organization_id == organization_id, IdempotencyRecord.key == key
        )
    )
    if record is None:
        return None
    if record.scope != scope:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was already used for a different request", first_use=record.scope
        )
    return Replay(resource_id=record.resource_id, status_code=record.status_code)


def remember(
    session: Session,
    *,
    organization_id: uuid.UUID,
    key: str | None,
    scope: str,
    resource_type: str,
    resource_id: uuid.UUID,
    status_code: int,
) -> None:
    """Record the result of a create under its key (same transaction as the create)."""
    if key is None:
        return
    session.add(
        IdempotencyRecord(
            organization_id=organization_id,
            key=key,
            scope=scope,
            resource_type=resource_type,
            resource_id=resource_id,
            status_code=status_code,
        )
    )
    session.flush()
