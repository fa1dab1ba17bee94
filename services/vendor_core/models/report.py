"""Uploaded SOC reports: the file, the parse status, the extraction and corrections."""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vendor_core.db import Base, IdMixin, TimestampMixin, utcnow


class ReportStatus(StrEnum):
    queued = "queued"
    processing = "processing"
    parsed = "parsed"
    needs_review = "needs_review"
    failed = "failed"


class Report(IdMixin, TimestampMixin, Base):
    __tablename__ = "report"
    __table_args__ = (UniqueConstraint("vendor_id", "sha256"),)

    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendor.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int]
    filename: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.queued, index=True)
    error_code: Mapped[str | None] = mapped_column(String(60))
    error_detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    parser_version: Mapped[str | None] = mapped_column(String(40))
    extraction: Mapped[dict[str, Any] | None]
    corrections: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Effective values (extraction with corrections applied), kept as columns to query by.
    report_kind: Mapped[str | None] = mapped_column(String(10))
    report_type: Mapped[str | None] = mapped_column(String(10))
    period_start: Mapped[dt.date | None]
    period_end: Mapped[dt.date | None]
    opinion: Mapped[str | None] = mapped_column(String(20))
    expires_at: Mapped[dt.date | None] = mapped_column(index=True)
    queued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    parsed_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
