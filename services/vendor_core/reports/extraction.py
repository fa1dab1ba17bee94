"""The extraction result (schema_version 1): what the parser produces and scoring consumes.

This is the public contract of DESIGN.md ("Extraction result"). The parser in
`parser_worker.extraction` builds it; the API serialises it; reviewers' corrections are
validated against it. It is plain data: no database, no IO.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class ReportKind(StrEnum):
    soc1 = "soc1"
    soc2 = "soc2"
    soc3 = "soc3"
    unknown = "unknown"


class ReportType(StrEnum):
    type1 = "type1"
    type2 = "type2"


class Opinion(StrEnum):
    unqualified = "unqualified"
    qualified = "qualified"
    adverse = "adverse"
    disclaimer = "disclaimer"
    unknown = "unknown"


class TscCategory(StrEnum):
    security = "security"
    availability = "availability"
    processing_integrity = "processing_integrity"
    confidentiality = "confidentiality"
    privacy = "privacy"


# The contract fixes this order for `tsc_categories`.
TSC_ORDER: tuple[TscCategory, ...] = tuple(TscCategory)


class CarveMethod(StrEnum):
    carve_out = "carve-out"
    inclusive = "inclusive"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Source(_Model):
    sha256: str
    pages: int = Field(ge=0)
    ocr_pages: int = Field(default=0, ge=0)


class ExceptionFinding(_Model):
    """One control (or criterion / control objective) with exceptions noted."""

    control_id: str | None = None
    criteria: list[str] = Field(default_factory=list)
    description: str
    deviations: int | None = Field(default=None, ge=0)
    sample_size: int | None = Field(default=None, ge=0)
    management_response: str | None = None
    page: int | None = Field(default=None, ge=1)


class SubserviceOrganization(_Model):
    name: str
    method: CarveMethod


class Evidence(_Model):
    page: int = Field(ge=1)
    text: str


class Extraction(_Model):
    schema_version: int = SCHEMA_VERSION
    source: Source
    report_kind: ReportKind = ReportKind.unknown
    report_type: ReportType | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    tsc_categories: list[TscCategory] = Field(default_factory=list)
    opinion: Opinion = Opinion.unknown
    exceptions: list[ExceptionFinding] = Field(default_factory=list)
    not_tested_controls: list[str] = Field(default_factory=list)
    service_organization: str | None = None
    system_name: str | None = None
    service_auditor: str | None = None
    report_date: dt.date | None = None
    subservice_organizations: list[SubserviceOrganization] = Field(default_factory=list)
    complementary_user_entity_controls: int | None = Field(default=None, ge=0)
    evidence: dict[str, list[Evidence]] = Field(default_factory=dict)
    confidence: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document of DESIGN.md (dates as ISO strings, enums as their values)."""
        return self.model_dump(mode="json")


# Fields a reviewer may correct (everything a reviewer reads off the report; not the
# provenance fields `schema_version`, `source`, `evidence`, `confidence`, `warnings`).
CORRECTABLE_FIELDS: frozenset[str] = frozenset(Extraction.model_fields) - {
    "schema_version",
    "source",
    "evidence",
    "confidence",
    "warnings",
}


class PdfError(Exception):
    """A PDF the parser cannot read. `code` is stable and becomes the report's error.code."""

    code = "unreadable_pdf"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadablePdf(PdfError):
    code = "unreadable_pdf"


class EncryptedPdf(PdfError):
    code = "encrypted_pdf"


class TooManyPages(PdfError):
    code = "too_many_pages"


class EmptyPdf(PdfError):
    code = "empty_pdf"


class ParseTimeout(PdfError):
    code = "parse_timeout"


class ParseCrashed(PdfError):
    """The file repeatedly killed the worker process; it is not tried again automatically."""

    code = "parse_crashed"
