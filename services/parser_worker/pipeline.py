"""The parse pipeline: claim the report -> extract (no transaction open) -> record + score.

Idempotent: a report that is no longer queued/processing is left alone, so a redelivered
job (late ack after a crash) changes nothing once the first run has committed.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from importlib.metadata import version
from typing import Literal

from celery.exceptions import SoftTimeLimitExceeded
from sqlalchemy.orm import Session, sessionmaker

from parser_worker.extraction import extract
from vendor_core.db import unit_of_work, utcnow
from vendor_core.events import expiry
from vendor_core.events.outbox import EventType, record_event
from vendor_core.models import Report, ReportStatus, Vendor
from vendor_core.reports import service as reports_service
from vendor_core.reports.extraction import Extraction, ParseCrashed, ParseTimeout, PdfError
from vendor_core.risk import service as risk_service
from vendor_core.storage import BlobStore

log = logging.getLogger(__name__)

# A PDF that kills the worker process (a crash inside the PDF library) is redelivered by
# reject-on-worker-lost; after this many starts it is failed instead of looping forever.
MAX_ATTEMPTS = 3

# Stored on each report, so reports parsed by an older parser can be found and reparsed.
PARSER_VERSION = version("vendor-risk")

Outcome = Literal["parsed", "needs_review", "failed", "skipped", "missing"]


@dataclass(frozen=True)
class ParseOptions:
    max_pages: int
    ocr: Literal["auto", "always", "never"]


def _claim(factory: sessionmaker[Session], report_id: uuid.UUID) -> tuple[str, int] | None:
    """Mark the report processing; (blob hash, attempts so far), or None if nothing to do."""
    with unit_of_work(factory) as session:
        report = session.get(Report, report_id, with_for_update=True)
        if report is None:
            log.warning("report %s does not exist; dropping the job", report_id)
            return None
        if not reports_service.start_parse(session, report=report):
            return None
        claimed = (report.sha256, report.attempts)
        session.commit()
        return claimed


def _extract(store: BlobStore, sha256: str, options: ParseOptions) -> Extraction | PdfError:
    path = store.open(sha256)  # StorageUnavailable propagates: the task retries it
    try:
        return extract(path, max_pages=options.max_pages, ocr=options.ocr)
    except PdfError as exc:
        return exc
    except SoftTimeLimitExceeded:
        return ParseTimeout("parsing took longer than the time limit")


def _record(
    session: Session, report: Report, outcome: Extraction | PdfError
) -> Literal["parsed", "needs_review", "failed"]:
    vendor = session.get(Vendor, report.vendor_id)
    assert vendor is not None
    policy, _ = risk_service.current_policy(session, organization_id=report.organization_id)
    data = {"report_id": str(report.id), "vendor_id": str(report.vendor_id)}
    if isinstance(outcome, PdfError):
        reports_service.record_failure(
            session, report=report, code=outcome.code, detail=outcome.message
        )
        record_event(
            session,
            organization_id=report.organization_id,
            type=EventType.report_failed,
            data={**data, "error": {"code": outcome.code, "detail": outcome.message}},
        )
        return "failed"
    reports_service.record_extraction(
        session, report=report, extraction=outcome, parser_version=PARSER_VERSION, policy=policy
    )
    summary = {
        **data,
        "report_kind": report.report_kind,
        "report_type": report.report_type,
        "period_end": report.period_end.isoformat() if report.period_end else None,
        "opinion": report.opinion,
        "expires_at": report.expires_at.isoformat() if report.expires_at else None,
    }
    status: Literal["parsed", "needs_review"] = (
        "needs_review" if report.status == ReportStatus.needs_review else "parsed"
    )
    event_type = (
        EventType.report_needs_review if status == "needs_review" else EventType.report_parsed
    )
    record_event(session, organization_id=report.organization_id, type=event_type, data=summary)
    if vendor.deleted_at is None:
        # A report parsed already past a threshold fires its most urgent alert now.
        expiry.record_due_alerts(session, vendor=vendor, today=utcnow().date())
        risk_service.rescore_vendor(
            session, vendor=vendor, trigger="report.parsed", today=utcnow().date()
        )
    return status


def run(
    factory: sessionmaker[Session], store: BlobStore, report_id: uuid.UUID, options: ParseOptions
) -> Outcome:
    """Parse one report end to end; safe to run twice."""
    claimed = _claim(factory, report_id)
    if claimed is None:
        return "skipped"
    sha256, attempts = claimed
    outcome: Extraction | PdfError
    if attempts > MAX_ATTEMPTS:
        outcome = ParseCrashed(f"parsing stopped the worker {attempts - 1} times; giving up")
    else:
        outcome = _extract(store, sha256, options)
    with unit_of_work(factory) as session:
        report = session.get(Report, report_id, with_for_update=True)
        if report is None or report.status != ReportStatus.processing:
            return "skipped"  # reparsed or finished by another run meanwhile
        result = _record(session, report, outcome)
        session.commit()
    log.info("report %s: %s", report_id, result)
    return result
