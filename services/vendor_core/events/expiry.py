"""Expiry alerts: `report.expiring` at each threshold and `report.expired`, once per report
and threshold (the outbox's unique dedupe key decides under racing sweeps), only for the
newest report of each kind a vendor has."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_core.events.outbox import EventType, record_event
from vendor_core.models import Event, Report, Vendor
from vendor_core.reports import repository as reports_repository
from vendor_core.risk import service as risk_service
from vendor_core.scoring.currency import alert_due
from vendor_core.scoring.model import select_reports


def record_due_alerts(session: Session, *, vendor: Vendor, today: dt.date) -> list[Event]:
    """Record the most urgent alert due for each of the vendor's newest reports; returns the
    events newly recorded (none when they had fired before)."""
    policy, _ = risk_service.current_policy(session, organization_id=vendor.organization_id)
    inputs, reports = risk_service.scoring_inputs(session, vendor_id=vendor.id)
    recorded: list[Event] = []
    newest = select_reports(inputs, today=today, policy=policy).newest
    for kind, chosen in sorted(newest.items()):
        report = reports[chosen.report_id]
        due = alert_due(report.expires_at, today, policy.alert_threshold_days)
        if due is None or report.expires_at is None:
            continue
        data = {
            "report_id": str(report.id),
            "vendor_id": str(vendor.id),
            "report_kind": kind.value,
            "report_type": report.report_type,
            "period_end": report.period_end.isoformat() if report.period_end else None,
            "expires_at": report.expires_at.isoformat(),
            "days_left": (report.expires_at - today).days,
        }
        if due == "expired":
            event = record_event(
                session,
                organization_id=vendor.organization_id,
                type=EventType.report_expired,
                data=data,
                dedupe_key=f"report.expired:{report.id}",
            )
        else:
            event = record_event(
                session,
                organization_id=vendor.organization_id,
                type=EventType.report_expiring,
                data={**data, "threshold_days": due},
                dedupe_key=f"report.expiring:{report.id}:{due}",
            )
        if event is not None:
            recorded.append(event)
    return recorded


def vendors_due_for_alerts(session: Session, *, today: dt.date) -> list[uuid.UUID]:
    """Vendors with a parsed report inside the widest alert window of its organization."""
    candidates: list[uuid.UUID] = []
    org_ids = session.scalars(
        select(Report.organization_id)
        .where(
            Report.expires_at.is_not(None), Report.status.in_(reports_repository.READABLE_STATUSES)
        )
        .distinct()
    )
    for org_id in list(org_ids):
        policy, _ = risk_service.current_policy(session, organization_id=org_id)
        horizon = today + dt.timedelta(days=max(policy.alert_threshold_days))
        candidates += session.scalars(
            select(Report.vendor_id)
            .join(Vendor, Vendor.id == Report.vendor_id)
            .where(
                Report.organization_id == org_id,
                Report.status.in_(reports_repository.READABLE_STATUSES),
                Report.expires_at <= horizon,
                Vendor.deleted_at.is_(None),
            )
            .distinct()
        )
    return candidates
