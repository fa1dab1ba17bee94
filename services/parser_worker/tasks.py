"""Celery tasks: thin. Ids in, call the pipeline or a service, commit."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from parser_worker import delivery, pipeline, state
from parser_worker.celery_app import app, settings
from vendor_core.crypto import SecretBox
from vendor_core.db import unit_of_work, utcnow
from vendor_core.errors import StorageUnavailable
from vendor_core.events import expiry
from vendor_core.events.outbox import EventType
from vendor_core.jobs import DISPATCH_EVENTS, PARSE_REPORT, RESCORE_ORGANIZATION, SWEEP
from vendor_core.models import Vendor
from vendor_core.reports import repository as reports_repository
from vendor_core.reports import service as reports_service
from vendor_core.risk import service as risk_service
from vendor_core.storage import BlobStore
from vendor_core.vendors import repository as vendors_repository

log = logging.getLogger(__name__)

_store = BlobStore(settings.blobs)
_options = pipeline.ParseOptions(max_pages=settings.max_pages, ocr=settings.ocr)
_delivery = delivery.DeliveryConfig(
    box=SecretBox(settings.secret_key.get_secret_value()),
    allow_private=settings.webhook_allow_private,
    timeout_s=settings.webhook_timeout_s,
)


@app.task(
    name=PARSE_REPORT,
    autoretry_for=(StorageUnavailable,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=6,
)
def parse_report(report_id: str) -> str:
    outcome = pipeline.run(state.sessions(), _store, uuid.UUID(report_id), _options)
    if outcome != "skipped":
        dispatch_events.delay()  # the parse wrote events: deliver them now, not at next beat
    return outcome


@app.task(name=DISPATCH_EVENTS, soft_time_limit=120, time_limit=150)
def dispatch_events() -> int:
    return delivery.dispatch(state.sessions(), _delivery)


@app.task(name=RESCORE_ORGANIZATION)
def rescore_organization(organization_id: str) -> int:
    """Rescore every vendor of the org (after a policy change); expiries follow the policy."""
    org_id = uuid.UUID(organization_id)
    with unit_of_work(state.sessions()) as session:
        policy, _ = risk_service.current_policy(session, organization_id=org_id)
        vendors = vendors_repository.all_live(session, organization_id=org_id)
        for vendor in vendors:
            for report in reports_service.scored_reports(session, vendor_id=vendor.id):
                reports_service.refresh_expiry(session, report=report, policy=policy)
            risk_service.rescore_vendor(
                session, vendor=vendor, trigger="scoring_policy.updated", today=utcnow().date()
            )
        session.commit()
    dispatch_events.delay()
    return len(vendors)


def requeue_stuck_reports() -> int:
    """Re-enqueue reports whose parse job was lost (published-then-lost, or worker gone)."""
    now = utcnow()
    with unit_of_work(state.sessions()) as session:
        stuck = reports_repository.stuck(
            session,
            queued_before=now - dt.timedelta(seconds=settings.stuck_after_s),
            started_before=now - dt.timedelta(seconds=settings.parse_time_limit_s * 2),
        )
        for report in stuck:
            reports_service.request_reparse(session, report=report)
        session.commit()
        ids = [report.id for report in stuck]
    for report_id in ids:
        log.warning("re-enqueueing stuck report %s", report_id)
        parse_report.delay(str(report_id))
    return len(ids)


def record_expiry_alerts(today: dt.date) -> int:
    """Fire the expiry alerts due today; one vendor per transaction."""
    with unit_of_work(state.sessions()) as session:
        vendor_ids = expiry.vendors_due_for_alerts(session, today=today)
    recorded = 0
    for vendor_id in vendor_ids:
        with unit_of_work(state.sessions()) as session:
            vendor = session.get(Vendor, vendor_id)
            if vendor is None:
                continue
            events = expiry.record_due_alerts(session, vendor=vendor, today=today)
            if any(event.type == EventType.report_expired for event in events):
                # The report stopped being current today: the score changes with it.
                risk_service.rescore_vendor(
                    session, vendor=vendor, trigger="report.expired", today=today
                )
            recorded += len(events)
            session.commit()
    return recorded


def lapse_overrides() -> int:
    """Drop overrides past their expiry, so the vendor list shows the computed rating."""
    with unit_of_work(state.sessions()) as session:
        lapsed = risk_service.lapse_expired_overrides(session, now=utcnow())
        session.commit()
    return len(lapsed)


@app.task(name=SWEEP)
def sweep() -> dict[str, int]:
    """The periodic sweep: lost parse jobs, expiry alerts, lapsed overrides, then delivery."""
    result = {
        "requeued": requeue_stuck_reports(),
        "alerts": record_expiry_alerts(utcnow().date()),
        "overrides_lapsed": lapse_overrides(),
    }
    dispatch_events.delay()
    return result
