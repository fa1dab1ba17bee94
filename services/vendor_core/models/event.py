"""The event outbox, webhook endpoints and their deliveries."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vendor_core.db import Base, IdMixin, TimestampMixin


class Event(IdMixin, TimestampMixin, Base):
    """Written in the same transaction as the change that causes it (transactional outbox)."""

    __tablename__ = "event"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]]
    # Alerts that must fire once (e.g. "report.expiring:<report>:30") carry a key; the
    # unique constraint, not the code path, guarantees once-only under racing sweeps.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_endpoint"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]]
    description: Mapped[str | None] = mapped_column(Text)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[dt.datetime | None]
    deleted_at: Mapped[dt.datetime | None]


class DeliveryStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


class WebhookDelivery(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_delivery"
    __table_args__ = (UniqueConstraint("endpoint_id", "event_id"),)

    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_endpoint.id"), index=True)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event.id"))
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.pending, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None]
