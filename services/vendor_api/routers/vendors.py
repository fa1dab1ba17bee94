"""Vendors: create, read, update, soft delete, list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response

from vendor_api.deps import ReaderDep, SessionDep, WriterDep
from vendor_api.schemas.common import problems
from vendor_api.schemas.vendors import VendorCreate, VendorPage, VendorRead, VendorUpdate
from vendor_core import idempotency
from vendor_core.db import utcnow
from vendor_core.models import Criticality
from vendor_core.pagination import MAX_LIMIT
from vendor_core.risk import service as risk_service
from vendor_core.vendors import service as vendors_service

# Every vendor route takes a path, query or body parameter, so any can be a 422.
router = APIRouter(prefix="/v1/vendors", tags=["vendors"], responses=problems(401, 403, 422))

IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", description="Replays the first result.")
]


@router.post("", status_code=201, response_model=VendorRead, responses=problems(400, 409))
def create_vendor(
    body: VendorCreate,
    session: SessionDep,
    principal: WriterDep,
    request: Request,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> VendorRead:
    """Create a vendor; it is scored at once from its inherent risk."""
    scope = f"{request.method} {request.url.path}"
    replay = idempotency.lookup(
        session, organization_id=principal.organization_id, key=idempotency_key, scope=scope
    )
    if replay is not None:
        response.status_code = replay.status_code
        vendor = vendors_service.get_vendor(
            session, organization_id=principal.organization_id, vendor_id=replay.resource_id
        )
        return VendorRead.of(vendor)
    vendor = vendors_service.create_vendor(
        session, organization_id=principal.organization_id, fields=body.columns()
    )
    risk_service.rescore_vendor(
        session, vendor=vendor, trigger="vendor.created", today=utcnow().date()
    )
    idempotency.remember(
        session,
        organization_id=principal.organization_id,
        key=idempotency_key,
        scope=scope,
        resource_type="vendor",
        resource_id=vendor.id,
        status_code=201,
    )
    session.commit()
    return VendorRead.of(vendor)


@router.get("", response_model=VendorPage)
def list_vendors(
    session: SessionDep,
    principal: ReaderDep,
    rating: Annotated[str | None, Query(pattern="^(low|medium|high|critical)$")] = None,
    criticality: Criticality | None = None,
    expiring_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    q: Annotated[str | None, Query(max_length=200, pattern=r"^[^\x00]*$")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> VendorPage:
    """The org's vendors, filtered; `expiring_within_days` is the renewal work queue."""
    page = vendors_service.list_vendors(
        session,
        organization_id=principal.organization_id,
        filters=vendors_service.VendorFilters(
            rating=rating,
            criticality=criticality.value if criticality else None,
            expiring_within_days=expiring_within_days,
            q=q,
        ),
        limit=limit,
        cursor=cursor,
        today=utcnow().date(),
    )
    return VendorPage(items=[VendorRead.of(v) for v in page.items], next_cursor=page.next_cursor)


@router.get("/{vendor_id}", response_model=VendorRead, responses=problems(404))
def get_vendor(vendor_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> VendorRead:
    """One vendor."""
    return VendorRead.of(
        vendors_service.get_vendor(
            session, organization_id=principal.organization_id, vendor_id=vendor_id
        )
    )


@router.patch("/{vendor_id}", response_model=VendorRead, responses=problems(400, 404, 409))
def update_vendor(
    vendor_id: uuid.UUID, body: VendorUpdate, session: SessionDep, principal: WriterDep
) -> VendorRead:
    """Change a vendor; a change of criticality or data profile rescores it."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    if vendors_service.update_vendor(session, vendor=vendor, changes=body.changes()):
        risk_service.rescore_vendor(
            session, vendor=vendor, trigger="vendor.updated", today=utcnow().date()
        )
    session.commit()
    return VendorRead.of(vendor)


@router.delete("/{vendor_id}", status_code=204, responses=problems(404))
def delete_vendor(vendor_id: uuid.UUID, session: SessionDep, principal: WriterDep) -> Response:
    """Soft delete: the vendor and its reports disappear from the API; nothing is erased."""
    vendor = vendors_service.get_vendor(
        session, organization_id=principal.organization_id, vendor_id=vendor_id
    )
    vendors_service.delete_vendor(session, vendor=vendor)
    session.commit()
    return Response(status_code=204)
