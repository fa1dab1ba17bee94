"""Report use cases: upload, read, parse lifecycle, corrections, reparse."""

from __future__ import annotations

import uuid
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vendor_core.audit import record_audit
from vendor_core.db import utcnow
from vendor_core.errors import InvalidInput, NotFound, field_errors
from vendor_core.models import Report, ReportStatus, Vendor
from vendor_core.reports import repository
from vendor_core.reports.extraction import CORRECTABLE_FIELDS, Extraction, ReportKind
from vendor_core.scoring.currency import expires_on
from vendor_core.scoring.policy import ScoringPolicy
from vendor_core.storage import BlobStore

# Fields whose confidence decides whether a parsed report needs a human look.
KEY_FIELDS = ("report_kind", "report_type", "period_end", "opinion")


def register_upload(
    session: Session,
    *,
    store: BlobStore,
    vendor: Vendor,
    stream: BinaryIO,
    filename: str | None,
    max_bytes: int,
) -> tuple[Report, bool]:
    """Store the PDF and create its report; the same file again returns the existing report.

    Returns (report, created). The caller commits, then enqueues the parse if created.
    """
    blob = store.put_pdf(stream, max_bytes=max_bytes)
    existing = repository.by_vendor_and_hash(session, vendor_id=vendor.id, sha256=blob.sha256)
    if existing is not None:
        return existing, False
    report = Report(
        organization_id=vendor.organization_id,
        vendor_id=vendor.id,
        sha256=blob.sha256,
        size_bytes=blob.size_bytes,
        # PostgreSQL text cannot hold NUL; a filename is only a label, so drop them.
        filename=(filename or "").replace("\x00", "")[:300] or None,
        status=ReportStatus.queued,
        corrections={},
        queued_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(report)
    except IntegrityError:
        # A concurrent upload of the same file won the race: return its report.
        winner = repository.by_vendor_and_hash(session, vendor_id=vendor.id, sha256=blob.sha256)
        if winner is None:
            raise
        return winner, False
    return report, True


def get_report(session: Session, *, organization_id: uuid.UUID, report_id: uuid.UUID) -> Report:
    """The org's report, or NotFound (also for another org's report)."""
    report = repository.get_for_org(session, organization_id=organization_id, report_id=report_id)
    if report is None:
        raise NotFound("report not found", report_id=str(report_id))
    return report


def effective_extraction(report: Report) -> dict[str, Any] | None:
    """The extraction with the reviewer's corrections applied (corrections win)."""
    if report.extraction is None:
        return None
    return {**report.extraction, **(report.corrections or {})}


def scored_reports(session: Session, *, vendor_id: uuid.UUID) -> list[Report]:
    """The vendor's reports that scoring counts: parsed or awaiting review, and those queued
    again for a reparse, whose previous result stays in force until the new one lands."""
    return [
        report
        for report in repository.for_vendor(session, vendor_id=vendor_id)
        if report.extraction is not None
        and report.status
        in (*repository.READABLE_STATUSES, ReportStatus.queued, ReportStatus.processing)
    ]


def effective_model(report: Report) -> Extraction | None:
    doc = effective_extraction(report)
    return None if doc is None else Extraction.model_validate(doc)


def start_parse(session: Session, *, report: Report) -> bool:
    """Mark the report processing; False when it is already finished (a redelivered job)."""
    if report.status not in (ReportStatus.queued, ReportStatus.processing):
        return False
    report.status = ReportStatus.processing
    report.started_at = utcnow()
    report.attempts += 1
    session.flush()
    return True


def _review_status(report: Report, policy: ScoringPolicy) -> ReportStatus:
    """`needs_review` while the kind is unknown or a key field has a low parser confidence
    that no reviewer has corrected (a correction, even to the same value, is a review)."""
    effective = effective_model(report)
    assert effective is not None
    if effective.report_kind is ReportKind.unknown:
        return ReportStatus.needs_review
    reviewed = set(report.corrections or {})
    threshold = policy.low_confidence_threshold
    doubtful = [
        name
        for name in KEY_FIELDS
        if name not in reviewed and effective.confidence.get(name, 1.0) < threshold
    ]
    return ReportStatus.needs_review if doubtful else ReportStatus.parsed


def _refresh_effective_columns(report: Report, policy: ScoringPolicy) -> None:
    effective = effective_model(report)
    if effective is None:
        return
    report.report_kind = effective.report_kind.value
    report.report_type = effective.report_type.value if effective.report_type else None
    report.period_start = effective.period_start
    report.period_end = effective.period_end
    report.opinion = effective.opinion.value
    report.expires_at = expires_on(effective, policy)


def record_extraction(
    session: Session,
    *,
    report: Report,
    extraction: Extraction,
    parser_version: str,
    policy: ScoringPolicy,
) -> None:
    """Store a successful parse and set `parsed` or `needs_review`."""
    report.extraction = extraction.to_json_dict()
    report.parser_version = parser_version
    report.error_code = None
    report.error_detail = None
    report.parsed_at = utcnow()
    _refresh_effective_columns(report, policy)
    report.status = _review_status(report, policy)
    session.flush()


def record_failure(session: Session, *, report: Report, code: str, detail: str) -> None:
    """A permanent parse failure: the file stays stored and can be reparsed or replaced."""
    report.status = ReportStatus.failed
    report.error_code = code
    report.error_detail = detail[:2000]
    report.parsed_at = utcnow()
    session.flush()


def request_reparse(session: Session, *, report: Report) -> None:
    """Queue the report again (e.g. after a parser upgrade); corrections are kept."""
    report.status = ReportStatus.queued
    report.queued_at = utcnow()
    report.error_code = None
    report.error_detail = None
    session.flush()


def apply_corrections(
    session: Session,
    *,
    report: Report,
    corrections: dict[str, Any],
    reason: str,
    actor_api_key_id: uuid.UUID | None,
    policy: ScoringPolicy,
) -> None:
    """Validate reviewer corrections against the extraction schema, apply and audit them."""
    if report.extraction is None:
        raise InvalidInput(
            "the report has no extraction to correct yet", report_status=report.status
        )
    unknown = sorted(set(corrections) - CORRECTABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            f"not correctable: {', '.join(unknown)}",
            errors=[
                {"field": f"corrections.{name}", "message": "not a correctable extraction field"}
                for name in unknown
            ],
            correctable=sorted(CORRECTABLE_FIELDS),
        )
    merged = {**(report.corrections or {}), **corrections}
    try:
        validated = Extraction.model_validate({**report.extraction, **merged})
    except ValidationError as exc:
        # Paths as in the request body, like every other 422: `corrections.<field>...`.
        raise InvalidInput(
            "corrections do not fit the extraction schema",
            errors=[
                {**error, "field": f"corrections.{error['field']}"} for error in field_errors(exc)
            ],
        ) from None
    as_json = validated.to_json_dict()
    current = effective_extraction(report) or {}
    before = {name: current.get(name) for name in corrections}
    report.corrections = {name: as_json[name] for name in merged}
    _refresh_effective_columns(report, policy)
    if report.status in (ReportStatus.parsed, ReportStatus.needs_review):
        report.status = _review_status(report, policy)
    record_audit(
        session,
        organization_id=report.organization_id,
        actor_api_key_id=actor_api_key_id,
        action="report.corrected",
        entity_type="report",
        entity_id=report.id,
        before=before,
        after={name: as_json[name] for name in corrections},
        reason=reason,
    )
    session.flush()


def refresh_expiry(session: Session, *, report: Report, policy: ScoringPolicy) -> None:
    """Recompute effective columns (e.g. after a policy change of the currency anchor)."""
    _refresh_effective_columns(report, policy)
    session.flush()
