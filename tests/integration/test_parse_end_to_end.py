"""Upload through the HTTP API, parse in a real Celery worker, read the result back."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from reportlab.lib.pagesizes import letter
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas
from sqlalchemy import func, select

from tests.factories import Tenant, vendor_body
from tests.integration.conftest import Worker, wait_for_report
from tests.pdfs import soc2_type2_pdf
from vendor_core.db import unit_of_work
from vendor_core.models import Event, Report

pytestmark = pytest.mark.integration


def _new_vendor(api: TestClient, tenant: Tenant) -> str:
    response = api.post(
        "/v1/vendors", json=vendor_body(criticality="high"), headers=tenant.headers()
    )
    assert response.status_code == 201
    return response.json()["id"]


def _upload(api: TestClient, tenant: Tenant, vendor_id: str, content: bytes) -> dict:
    response = api.post(
        f"/v1/vendors/{vendor_id}/reports",
        files={"file": ("soc.pdf", content, "application/pdf")},
        headers=tenant.headers("procurement"),
    )
    assert response.status_code == 202, response.text
    return response.json()


def _user_password_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer, pagesize=letter, encrypt=StandardEncryption("open-sesame", ownerPassword="owner")
    )
    pdf.drawString(72, 720, "SOC 2 Type 2 Report")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_uploaded_report_is_parsed_and_scored(
    api: TestClient, tenant: Tenant, worker: Worker
) -> None:
    vendor_id = _new_vendor(api, tenant)
    before = api.get(f"/v1/vendors/{vendor_id}/risk", headers=tenant.headers()).json()
    queued = _upload(api, tenant, vendor_id, soc2_type2_pdf(marker=uuid.uuid4().hex))
    assert queued["status"] == "queued"

    report = wait_for_report(api, tenant, queued["id"])
    assert report["status"] == "parsed", report
    extraction = report["extraction"]
    assert extraction["report_kind"] == "soc2"
    assert extraction["report_type"] == "type2"
    assert extraction["period_start"] == "2025-01-01"
    assert extraction["period_end"] == "2025-12-31"
    assert extraction["opinion"] == "unqualified"
    assert report["effective"] == extraction
    assert report["expires_at"] == "2026-12-31"

    risk = api.get(f"/v1/vendors/{vendor_id}/risk", headers=tenant.headers()).json()
    assert queued["id"] in risk["report_ids"]
    assert risk["score"] < before["score"]  # a clean SOC 2 type 2 is assurance
    assert all({"code", "points", "detail", "evidence"} <= set(f) for f in risk["factors"])


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.7\n" + b"\x00garbage" * 500, "unreadable_pdf"),
        (_user_password_pdf(), "encrypted_pdf"),
    ],
    ids=["corrupt", "user-password"],
)
def test_unreadable_pdf_fails_with_stable_code_and_keeps_file(
    api: TestClient, tenant: Tenant, worker: Worker, content: bytes, code: str
) -> None:
    vendor_id = _new_vendor(api, tenant)
    queued = _upload(api, tenant, vendor_id, content)
    report = wait_for_report(api, tenant, queued["id"])
    assert report["status"] == "failed"
    assert report["error"]["code"] == code
    assert report["attempts"] == 1  # a permanent failure is not retried
    kept = api.get(f"/v1/reports/{queued['id']}/file", headers=tenant.headers())
    assert kept.content == content


def test_reparse_runs_again_and_keeps_corrections(
    api: TestClient, tenant: Tenant, worker: Worker
) -> None:
    vendor_id = _new_vendor(api, tenant)
    queued = _upload(api, tenant, vendor_id, soc2_type2_pdf(marker=uuid.uuid4().hex))
    wait_for_report(api, tenant, queued["id"])
    corrected = api.patch(
        f"/v1/reports/{queued['id']}",
        json={"corrections": {"opinion": "qualified"}, "reason": "basis paragraph on p.4"},
        headers=tenant.headers("reviewer"),
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["effective"]["opinion"] == "qualified"
    again = api.post(f"/v1/reports/{queued['id']}/reparse", headers=tenant.headers("reviewer"))
    assert again.status_code == 202
    report = wait_for_report(api, tenant, queued["id"])
    assert report["attempts"] == 2
    assert report["extraction"]["opinion"] == "unqualified"
    assert report["effective"]["opinion"] == "qualified"


def test_worker_killed_mid_parse_still_ends_parsed_once(
    api: TestClient, tenant: Tenant, worker: Worker, session_factory
) -> None:  # type: ignore[no-untyped-def]
    vendor_id = _new_vendor(api, tenant)
    # Long enough that the parse is still running when the pool process is killed.
    queued = _upload(api, tenant, vendor_id, soc2_type2_pdf(padding_pages=1500, marker="kill"))
    report_id = uuid.UUID(queued["id"])

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with unit_of_work(session_factory) as session:
            if session.get(Report, report_id).status == "processing":  # type: ignore[union-attr]
                break
        time.sleep(0.02)
    else:
        pytest.fail("the report never started processing")
    victims = worker.pool_children()
    assert victims, "no pool process to kill"
    for pid in victims:
        os.kill(pid, signal.SIGKILL)

    report = wait_for_report(api, tenant, queued["id"], timeout=120)
    assert report["status"] == "parsed", (report, worker.log_text()[-3000:])
    assert report["attempts"] == 2  # the killed run, then the redelivered one
    with unit_of_work(session_factory) as session:
        parsed_events = session.scalar(
            select(func.count())
            .select_from(Event)
            .where(
                Event.type == "report.parsed", Event.data["report_id"].as_string() == queued["id"]
            )
        )
    assert parsed_events == 1


def test_sweep_reenqueues_a_report_whose_job_was_lost(
    api: TestClient, tenant: Tenant, worker: Worker, session_factory, settings
) -> None:  # type: ignore[no-untyped-def]
    """A publish lost after the commit: the row says queued, the broker has nothing."""
    from vendor_core.reports import service as reports_service
    from vendor_core.storage import BlobStore
    from vendor_core.vendors import service as vendors_service

    vendor_id = _new_vendor(api, tenant)
    with unit_of_work(session_factory) as session:
        vendor = vendors_service.get_vendor(
            session, organization_id=tenant.organization_id, vendor_id=uuid.UUID(vendor_id)
        )
        report, _ = reports_service.register_upload(
            session,
            store=BlobStore(settings.blobs),
            vendor=vendor,
            stream=io.BytesIO(soc2_type2_pdf(marker=uuid.uuid4().hex)),
            filename="lost.pdf",
            max_bytes=settings.max_upload_bytes,
        )
        report.queued_at -= dt.timedelta(seconds=settings.stuck_after_s + 5)
        session.commit()
        report_id = str(report.id)

    time.sleep(2)
    assert (
        api.get(f"/v1/reports/{report_id}", headers=tenant.headers()).json()["status"] == "queued"
    )
    result = subprocess.run(
        [sys.executable, "-m", "vendor_cli.main", "sweep"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    assert "re-enqueued" in result.stderr
    assert wait_for_report(api, tenant, report_id)["status"] == "parsed"
