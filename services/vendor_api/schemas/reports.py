"""Report response bodies and the reviewer's correction request."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, Field

from vendor_api.schemas.common import ApiModel, RequestModel
from vendor_core.models import Report, ReportStatus
from vendor_core.reports import service as reports_service


class ReportError(BaseModel):
    code: str = Field(description="Stable code, e.g. `unreadable_pdf`, `encrypted_pdf`.")
    detail: str | None


class ReportSummary(ApiModel):
    id: uuid.UUID
    vendor_id: uuid.UUID
    status: ReportStatus
    filename: str | None
    sha256: str
    size_bytes: int
    report_kind: str | None
    report_type: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    opinion: str | None
    expires_at: dt.date | None
    error: ReportError | None
    created_at: dt.datetime
    parsed_at: dt.datetime | None

    @classmethod
    def fields_of(cls, report: Report) -> dict[str, Any]:
        return {
            "id": report.id,
            "vendor_id": report.vendor_id,
            "status": ReportStatus(report.status),
            "filename": report.filename,
            "sha256": report.sha256,
            "size_bytes": report.size_bytes,
            "report_kind": report.report_kind,
            "report_type": report.report_type,
            "period_start": report.period_start,
            "period_end": report.period_end,
            "opinion": report.opinion,
            "expires_at": report.expires_at,
            "error": ReportError(code=report.error_code, detail=report.error_detail)
            if report.error_code
            else None,
            "created_at": report.created_at,
            "parsed_at": report.parsed_at,
        }

    @classmethod
    def of(cls, report: Report) -> ReportSummary:
        return cls(**cls.fields_of(report))


class ReportRead(ReportSummary):
    extraction: dict[str, Any] | None = Field(
        description="The parser's result (extraction schema_version 1), untouched by reviewers."
    )
    corrections: dict[str, Any] = Field(description="Reviewer corrections by field.")
    effective: dict[str, Any] | None = Field(description="`extraction` with `corrections` applied.")
    parser_version: str | None
    attempts: int

    @classmethod
    def of(cls, report: Report) -> ReportRead:
        return cls(
            **ReportSummary.fields_of(report),
            extraction=report.extraction,
            corrections=report.corrections or {},
            effective=reports_service.effective_extraction(report),
            parser_version=report.parser_version,
            attempts=report.attempts,
        )


class ReportPage(BaseModel):
    items: list[ReportSummary]
    next_cursor: str | None


class ReportCorrection(RequestModel):
    corrections: dict[str, Any] = Field(
        min_length=1,
        description="Extraction fields and their correct values; null corrects a field to null.",
    )
    reason: str = Field(min_length=1, max_length=2000)
