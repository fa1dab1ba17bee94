"""Report upload, reading, corrections and reparse."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Header, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse

from vendor_api.deps import (
    OperatorDep,
    ProducerDep,
    ReaderDep,
    ReviewerDep,
    SessionDep,
    SettingsDep,
    StoreDep,
    WriterDep,
)
from vendor_api.schemas.common import problems
from vendor_api.schemas.reports import ReportCorrection, ReportPage, ReportRead, ReportSummary
from vendor_core import idempotency
from vendor_core.db import utcnow
from vendor_core.pagination import MAX_LIMIT, decode_position_cursor, encode_cursor
from vendor_core.reports import repository as reports_repository
from vendor_core.reports import service as reports_service
from vendor_core.risk import service as risk_service
from vendor_core.vendors import service as vendors_service

# Every report route takes an id in its path, so any can be a 422.
router = APIRouter(tags=["reports"], responses=problems(401, 403, 404, 422))


@router.post(
    "/v1/vendors/{vendor_id}/reports",
    status_code=202,
    response_model=ReportRead,
    responses={
        200: {"model": ReportRead, "description": "This file was already uploaded for the vendor."},
        **problems(400, 413, 415),
    },
)
def upload_report(
    vendor_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="The SOC report, a PDF.")],
    session: SessionDep,
    principal: WriterDep,
    settings: SettingsDep,
    store: StoreDep,
    producer: ProducerDep,
    request: Request,
    response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> ReportRead:
    """Store a vendor's SOC report and queue it for parsing (202). The same file again
    returns the existing report (200)."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    scope = f"{request.method} {request.url.path}"
    replay = idempotency.lookup(
        session, organization_id=principal.organization_id, key=idempotency_key, scope=scope
    )
    if replay is not None:
        response.status_code = replay.status_code
        return ReportRead.of(
            reports_service.get_report(
                session, organization_id=principal.organization_id, report_id=replay.resource_id
            )
        )
    report, created = reports_service.register_upload(
        session,
        store=store,
        vendor=vendor,
        stream=file.file,
        filename=file.filename,
        max_bytes=settings.max_upload_bytes,
    )
    status_code = 202 if created else 200
    idempotency.remember(
        session,
        organization_id=principal.organization_id,
        key=idempotency_key,
        scope=scope,
        resource_type="report",
        resource_id=report.id,
        status_code=status_code,
    )
    session.commit()
    # Only after the commit: the worker must find the row it is told about.
    if created:
        producer.enqueue_parse(report.id)
    response.status_code = status_code
    return ReportRead.of(report)


@router.get("/v1/vendors/{vendor_id}/reports", response_model=ReportPage)
def list_vendor_reports(
    vendor_id: uuid.UUID,
    session: SessionDep,
    principal: ReaderDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> ReportPage:
    """The vendor's reports, newest period first (reports not parsed yet come first)."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    reports = reports_repository.for_vendor(session, vendor_id=vendor.id)
    # A vendor has few reports: the cursor is the position after the last report returned.
    start = decode_position_cursor(cursor) if cursor else 0
    chunk = reports[start : start + limit]
    next_cursor = (
        encode_cursor(start + limit, chunk[-1].id) if start + limit < len(reports) else None
    )
    return ReportPage(items=[ReportSummary.of(r) for r in chunk], next_cursor=next_cursor)


@router.get("/v1/reports/{report_id}", response_model=ReportRead)
def get_report(report_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> ReportRead:
    """A report: status, extraction, corrections and the effective values, expiry, error."""
    return ReportRead.of(
        reports_service.get_report(
            session, organization_id=principal.organization_id, report_id=report_id
        )
    )


@router.get(
    "/v1/reports/{report_id}/file",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}},
)
def get_report_file(
    report_id: uuid.UUID, session: SessionDep, principal: ReaderDep, store: StoreDep
) -> FileResponse:
    """The uploaded PDF, byte for byte."""
    report = reports_service.get_report(
        session, organization_id=principal.organization_id, report_id=report_id
    )
    return FileResponse(
        store.open(report.sha256),
        media_type="application/pdf",
        filename=report.filename or f"{report.id}.pdf",
    )


@router.patch("/v1/reports/{report_id}", response_model=ReportRead, responses=problems(400))
def correct_report(
    report_id: uuid.UUID, body: ReportCorrection, session: SessionDep, principal: ReviewerDep
) -> ReportRead:
    """A reviewer corrects extracted fields (audited); the vendor is rescored."""
    report = reports_service.get_report(
        session, organization_id=principal.organization_id, report_id=report_id
    )
    policy, _ = risk_service.current_policy(session, organization_id=principal.organization_id)
    reports_service.apply_corrections(
        session,
        report=report,
        corrections=body.corrections,
        reason=body.reason,
        actor_api_key_id=principal.api_key_id,
        policy=policy,
    )
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=report.vendor_id
    )
    risk_service.rescore_vendor(
        session, vendor=vendor, trigger="report.corrected", today=utcnow().date()
    )
    session.commit()
    return ReportRead.of(report)


@router.post("/v1/reports/{report_id}/reparse", status_code=202, response_model=ReportRead)
def reparse_report(
    report_id: uuid.UUID, session: SessionDep, principal: OperatorDep, producer: ProducerDep
) -> ReportRead:
    """Parse the stored file again (after a parser upgrade); corrections are kept."""
    report = reports_service.get_report(
        session, organization_id=principal.organization_id, report_id=report_id
    )
    reports_service.request_reparse(session, report=report)
    session.commit()
    producer.enqueue_parse(report.id)
    return ReportRead.of(report)
