"""The audit log: who changed what, when, from what to what, and why."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from vendor_core.db import utcnow
from vendor_core.models import AuditLogEntry


def record_audit(
    session: Session,
    *,
    organization_id: uuid.UUID,
    actor_api_key_id: uuid.UUID | None,
    action: str,
    entity_type: str,
    entity_id: uuid.UUID | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> None:
    """Add an audit entry in the caller's transaction (it commits with the change)."""
    session.add(
        AuditLogEntry(
            organization_id=organization_id,
            actor_api_key_id=actor_api_key_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before,
            after=after,
            reason=reason,
            created_at=utcnow(),
        )
    )
