"""Organizations (tenants), their API keys, scoring policy versions and the audit log."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vendor_core.db import Base, IdMixin, TimestampMixin


class Role(StrEnum):
    admin = "admin"
    procurement = "procurement"
    reviewer = "reviewer"
    read_only = "read_only"


class Organization(IdMixin, TimestampMixin, Base):
    __tablename__ = "organization"

    name: Mapped[str] = mapped_column(String(200), unique=True)


class ApiKey(IdMixin, TimestampMixin, Base):
    __tablename__ = "api_key"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    # The first characters of the token, shown in listings so a key can be recognised.
    prefix: Mapped[str] = mapped_column(String(16))
    # SHA-256 of the whole token: tokens carry 256 bits of entropy, so a fast hash suffices.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class ScoringPolicyVersion(IdMixin, TimestampMixin, Base):
    """Every change of an org's scoring policy is a new row; the highest version is in force."""

    __tablename__ = "scoring_policy_version"
    __table_args__ = (UniqueConstraint("organization_id", "version"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    version: Mapped[int]
    policy: Mapped[dict[str, Any]]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_key.id"))


class AuditLogEntry(IdMixin, TimestampMixin, Base):
    """Who changed what, when, from what to what, and why."""

    __tablename__ = "audit_log"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    actor_api_key_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_key.id"))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID | None]
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    reason: Mapped[str | None] = mapped_column(Text)


class IdempotencyRecord(IdMixin, TimestampMixin, Base):
    """The response to a create request, replayed when the same Idempotency-Key comes again."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("organization_id", "key"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"))
    key: Mapped[str] = mapped_column(String(200))
    # Method and path the key was first used with: the same key on another endpoint is a 422.
    scope: Mapped[str] = mapped_column(String(300))
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[uuid.UUID]
    status_code: Mapped[int]
