"""Vendor queries. Every query is scoped to one organization."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from vendor_core.models import Vendor


def live_vendors(organization_id: uuid.UUID) -> Select[Vendor]:
    return select(Vendor).where(
        Vendor.organization_id == organization_id, Vendor.deleted_at.is_(None)
    )


def get(session: Session, *, organization_id: uuid.UUID, vendor_id: uuid.UUID) -> Vendor | None:
    return session.scalar(live_vendors(organization_id).where(Vendor.id == vendor_id))


def by_external_ref(
    session: Session, *, organization_id: uuid.UUID, external_ref: str
) -> Vendor | None:
    return session.scalar(live_vendors(organization_id).where(Vendor.external_ref == external_ref))


def search(
    *,
    organization_id: uuid.UUID,
    rating: str | None,
    criticality: str | None,
    expiring_before: dt.date | None,
    text: str | None,
) -> Select[Vendor]:
    stmt = live_vendors(organization_id)
    if rating is not None:
        stmt = stmt.where(Vendor.current_rating == rating)
    if criticality is not None:
        stmt = stmt.where(Vendor.criticality == criticality)
    if expiring_before is not None:
        stmt = stmt.where(Vendor.next_expiry.is_not(None), Vendor.next_expiry <= expiring_before)
    if text:
        pattern = f"%{text.lower()}%"
        stmt = stmt.where(or_(Vendor.name.ilike(pattern), Vendor.external_ref.ilike(pattern)))
    return stmt


def all_live(session: Session, *, organization_id: uuid.UUID) -> list[Vendor]:
    return list(session.scalars(live_vendors(organization_id)))
