"""Vendors, their risk scores (every score kept as history) and reviewers' overrides."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from vendor_core.db import Base, IdMixin, TimestampMixin, utcnow


class Criticality(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Vendor(IdMixin, TimestampMixin, Base):
    __tablename__ = "vendor"
    __table_args__ = (
        # external_ref is the procurement tool's id: unique among an org's live vendors.
        Index(
            "vendor_org_external_ref_key",
            "organization_id",
            "external_ref",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(500))
    external_ref: Mapped[str | None] = mapped_column(String(200))
    criticality: Mapped[str] = mapped_column(String(20))
    handles_personal_data: Mapped[bool] = mapped_column(default=False)
    handles_customer_data: Mapped[bool] = mapped_column(default=False)
    impacts_financial_reporting: Mapped[bool] = mapped_column(default=False)
    availability_critical: Mapped[bool] = mapped_column(default=False)
    # Denormalised from the latest risk score and current reports, for list filters.
    current_rating: Mapped[str | None] = mapped_column(String(20), index=True)
    current_score: Mapped[int | None]
    next_expiry: Mapped[dt.date | None] = mapped_column(index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted_at: Mapped[dt.datetime | None]


class RiskScore(IdMixin, Base):
    """One computed score. The newest row per vendor is its current score."""

    __tablename__ = "risk_score"

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"))
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor.id"), index=True)
    score: Mapped[int]
    rating: Mapped[str] = mapped_column(String(20))
    factors: Mapped[list[dict[str, Any]]]
    report_ids: Mapped[list[str]]
    model_version: Mapped[str] = mapped_column(String(40))
    policy_version: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(60))
    computed_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class RiskOverride(IdMixin, TimestampMixin, Base):
    """A reviewer's rating for a vendor; the computed score stays visible beside it."""

    __tablename__ = "risk_override"

    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor.id"), unique=True)
    rating: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[dt.datetime | None]
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_key.id"))
