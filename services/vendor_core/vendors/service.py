"""Vendor use cases: create, update, soft delete, list."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import Session

from vendor_core.db import utcnow
from vendor_core.errors import Conflict, NotFound
from vendor_core.models import Vendor
from vendor_core.pagination import Page, decode_time_cursor, encode_cursor
from vendor_core.vendors import repository

PROFILE_FIELDS = (
    "handles_personal_data",
    "handles_customer_data",
    "impacts_financial_reporting",
    "availability_critical",
)


@dataclass(frozen=True)
class VendorFilters:
    rating: str | None = None
    criticality: str | None = None
    expiring_within_days: int | None = None
    q: str | None = None


def get_vendor(session: Session, *, organization_id: uuid.UUID, vendor_id: uuid.UUID) -> Vendor:
    """The org's live vendor, or NotFound (also for another org's vendor)."""
    vendor = repository.get(session, organization_id=organization_id, vendor_id=vendor_id)
    if vendor is None:
        raise NotFound("vendor not found", vendor_id=str(vendor_id))
    return vendor


def _ensure_external_ref_free(
    session: Session,
    *,
    organization_id: uuid.UUID,
    external_ref: str | None,
    own_id: uuid.UUID | None,
) -> None:
    if external_ref is None:
        return
    existing = repository.by_external_ref(
        session, organization_id=organization_id, external_ref=external_ref
    )
    if existing is not None and existing.id != own_id:
        raise Conflict(
            f"another vendor already has external_ref {external_ref!r}",
            vendor_id=str(existing.id),
        )


def create_vendor(
    session: Session, *, organization_id: uuid.UUID, fields: dict[str, Any]
) -> Vendor:
    """A new vendor; `fields` are the validated columns (profile flattened)."""
    _ensure_external_ref_free(
        session,
        organization_id=organization_id,
        external_ref=fields.get("external_ref"),
        own_id=None,
    )
    vendor = Vendor(organization_id=organization_id, **fields)
    session.add(vendor)
    session.flush()
    return vendor


def update_vendor(session: Session, *, vendor: Vendor, changes: dict[str, Any]) -> bool:
    """Apply validated column changes; True when the risk-relevant profile changed."""
    if "external_ref" in changes:
        _ensure_external_ref_free(
            session,
            organization_id=vendor.organization_id,
            external_ref=changes["external_ref"],
            own_id=vendor.id,
        )
    risk_relevant = False
    for name, value in changes.items():
        if getattr(vendor, name) != value and (name == "criticality" or name in PROFILE_FIELDS):
            risk_relevant = True
        setattr(vendor, name, value)
    session.flush()
    return risk_relevant


def delete_vendor(session: Session, *, vendor: Vendor) -> None:
    """Soft delete: the vendor disappears from the API; its reports and history are kept."""
    vendor.deleted_at = utcnow()
    session.flush()


def list_vendors(
    session: Session,
    *,
    organization_id: uuid.UUID,
    filters: VendorFilters,
    limit: int,
    cursor: str | None,
    today: dt.date,
) -> Page[Vendor]:
    """The org's vendors, oldest first, keyset-paginated on (created_at, id)."""
    expiring_before = (
        today + dt.timedelta(days=filters.expiring_within_days)
        if filters.expiring_within_days is not None
        else None
    )
    stmt = repository.search(
        organization_id=organization_id,
        rating=filters.rating,
        criticality=filters.criticality,
        expiring_before=expiring_before,
        text=filters.q,
    )
    if cursor:
        created, last_id = decode_time_cursor(cursor)
        stmt = stmt.where(
            or_(
                Vendor.created_at > created, and_(Vendor.created_at == created, Vendor.id > last_id)
            )
        )
    rows = list(session.scalars(stmt.order_by(Vendor.created_at, Vendor.id).limit(limit + 1)))
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id)
    return Page(items=rows, next_cursor=next_cursor)
