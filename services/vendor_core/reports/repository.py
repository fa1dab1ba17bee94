"""Report queries."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_core.models import Report, ReportStatus, Vendor

READABLE_STATUSES = (ReportStatus.parsed, ReportStatus.needs_review)


def get_for_org(
    session: Session, *, organization_id: uuid.UUID, report_id: uuid.UUID
) -> Report | None:
    # A soft-deleted vendor's reports disappear with it.
    return session.scalar(
        select(Report)
        .join(Vendor, Vendor.id == Report.vendor_id)
        .where(
            Report.id == report_id,
            Report.organization_id == organization_id,
            Vendor.deleted_at.is_(None),
        )
    )


def by_vendor_and_hash(session: Session, *, vendor_id: uuid.UUID, sha256: str) -> Report | None:
    return session.scalar(
        select(Report).where(Report.vendor_id == vendor_id, Report.sha256 == sha256)
    )


def for_vendor(session: Session, *, vendor_id: uuid.UUID) -> list[Report]:
    """Newest period first; unparsed reports (no period yet) first of all, newest upload first."""
    return list(
        session.scalars(
            select(Report)
            .where(Report.vendor_id == vendor_id)
            .order_by(
                Report.period_end.is_(None).desc(),
                Report.period_end.desc(),
                Report.created_at.desc(),
                Report.id,
            )
        )
    )


def stuck(
    session: Session, *, queued_before: dt.datetime, started_before: dt.datetime
) -> list[Report]:
    """Reports whose job was lost: queued too long, or processing past any time limit."""
    return list(
        session.scalars(
            select(Report).where(
                ((Report.status == ReportStatus.queued) & (Report.queued_at < queued_before))
                | (
                    (Report.status == ReportStatus.processing)
                    & (Report.started_at < started_before)
                )
            )
        )
    )
