"""Webhook subscriptions, their delivery log, test pings and manual redelivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from vendor_api.deps import AdminDep, ProducerDep, SessionDep, SettingsDep
from vendor_api.schemas.common import problems
from vendor_api.schemas.webhooks import (
    DeliveryPage,
    DeliveryRead,
    WebhookCreate,
    WebhookCreated,
    WebhookList,
    WebhookRead,
    WebhookUpdate,
)
from vendor_core.events import webhooks as webhooks_service
from vendor_core.models import Event, WebhookDelivery
from vendor_core.pagination import MAX_LIMIT, decode_time_cursor, encode_cursor

router = APIRouter(tags=["webhooks"], responses=problems(401, 403, 404))


def _delivery_read(delivery: WebhookDelivery, event: Event) -> DeliveryRead:
    return DeliveryRead(
        id=delivery.id,
        webhook_id=delivery.endpoint_id,
        event_id=event.id,
        event_type=event.type,
        message_id=f"msg_{delivery.id.hex}",
        status=delivery.status,  # type: ignore[arg-type]
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
    )


@router.post(
    "/v1/webhooks", status_code=201, response_model=WebhookCreated, responses=problems(400, 422)
)
def create_webhook(
    body: WebhookCreate,
    session: SessionDep,
    principal: AdminDep,
    settings: SettingsDep,
    request: Request,
) -> WebhookCreated:
    """Subscribe a URL to events. The response carries the signing secret, once."""
    endpoint, secret = webhooks_service.create_endpoint(
        session,
        organization_id=principal.organization_id,
        url=str(body.url),
        events=body.events,
        description=body.description,
        box=request.app.state.secret_box,
        allow_private=settings.webhook_allow_private,
        actor_api_key_id=principal.api_key_id,
    )
    session.commit()
    return WebhookCreated(**WebhookRead.model_validate(endpoint).model_dump(), secret=secret)


@router.get("/v1/webhooks", response_model=WebhookList)
def list_webhooks(session: SessionDep, principal: AdminDep) -> WebhookList:
    """The org's webhooks."""
    endpoints = webhooks_service.list_endpoints(session, organization_id=principal.organization_id)
    return WebhookList(items=[WebhookRead.model_validate(e) for e in endpoints])


@router.get("/v1/webhooks/{webhook_id}", response_model=WebhookRead, responses=problems(422))
def get_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: AdminDep) -> WebhookRead:
    """One webhook (never its secret)."""
    return WebhookRead.model_validate(
        webhooks_service.get_endpoint(
            session, organization_id=principal.organization_id, endpoint_id=webhook_id
        )
    )


@router.patch("/v1/webhooks/{webhook_id}", response_model=WebhookRead, responses=problems(400, 422))
def update_webhook(
    webhook_id: uuid.UUID,
    body: WebhookUpdate,
    session: SessionDep,
    principal: AdminDep,
    settings: SettingsDep,
) -> WebhookRead:
    """Change the URL, events or description, or re-enable a disabled webhook."""
    endpoint = webhooks_service.get_endpoint(
        session, organization_id=principal.organization_id, endpoint_id=webhook_id
    )
    changes = body.model_dump(exclude_unset=True)
    if "url" in changes and changes["url"] is not None:
        changes["url"] = str(body.url)
    webhooks_service.update_endpoint(
        session,
        endpoint=endpoint,
        changes={k: v for k, v in changes.items() if v is not None or k == "description"},
        allow_private=settings.webhook_allow_private,
        actor_api_key_id=principal.api_key_id,
    )
    session.commit()
    return WebhookRead.model_validate(endpoint)


@router.delete("/v1/webhooks/{webhook_id}", status_code=204, responses=problems(422))
def delete_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: AdminDep) -> Response:
    """Unsubscribe; the delivery log is kept."""
    endpoint = webhooks_service.get_endpoint(
        session, organization_id=principal.organization_id, endpoint_id=webhook_id
    )
    webhooks_service.delete_endpoint(
        session, endpoint=endpoint, actor_api_key_id=principal.api_key_id
    )
    session.commit()
    return Response(status_code=204)


@router.get(
    "/v1/webhooks/{webhook_id}/deliveries", response_model=DeliveryPage, responses=problems(422)
)
def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    session: SessionDep,
    principal: AdminDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: str | None = None,
) -> DeliveryPage:
    """The webhook's deliveries, newest first."""
    endpoint = webhooks_service.get_endpoint(
        session, organization_id=principal.organization_id, endpoint_id=webhook_id
    )
    before = decode_time_cursor(cursor)[0] if cursor else None
    rows = webhooks_service.list_deliveries(
        session, endpoint=endpoint, limit=limit + 1, before=before
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1][0]
        next_cursor = encode_cursor(last.created_at.isoformat(), last.id)
    return DeliveryPage(items=[_delivery_read(d, e) for d, e in rows], next_cursor=next_cursor)


@router.post(
    "/v1/webhooks/{webhook_id}/test",
    status_code=202,
    response_model=DeliveryRead,
    responses=problems(422),
)
def test_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: AdminDep) -> DeliveryRead:
    """Send a `webhook.test` ping to this webhook through the normal delivery path."""
    endpoint = webhooks_service.get_endpoint(
        session, organization_id=principal.organization_id, endpoint_id=webhook_id
    )
    delivery = webhooks_service.send_test(session, endpoint=endpoint)
    event = session.get(Event, delivery.event_id)
    assert event is not None
    session.commit()  # the new event is dispatched on commit (see deps.get_session)
    return _delivery_read(delivery, event)


@router.post(
    "/v1/deliveries/{delivery_id}/redeliver",
    status_code=202,
    response_model=DeliveryRead,
    responses=problems(409, 422),
)
def redeliver_delivery(
    delivery_id: uuid.UUID, session: SessionDep, principal: AdminDep, producer: ProducerDep
) -> DeliveryRead:
    """Send a delivery again (same `webhook-id`), e.g. after fixing the receiver."""
    delivery = webhooks_service.get_delivery(
        session, organization_id=principal.organization_id, delivery_id=delivery_id
    )
    webhooks_service.schedule_redelivery(session, delivery=delivery)
    event = session.get(Event, delivery.event_id)
    assert event is not None
    session.commit()
    producer.enqueue_dispatch()
    return _delivery_read(delivery, event)
