"""Webhook subscriptions and their deliveries (the sending itself is the worker's)."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_core.audit import record_audit
from vendor_core.crypto import SecretBox
from vendor_core.db import utcnow
from vendor_core.errors import Conflict, InvalidInput, NotFound
from vendor_core.events.outbox import EventType
from vendor_core.events.urls import check_webhook_url
from vendor_core.models import (
    DeliveryStatus,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)

# Sent only to the endpoint being tested; not a subscribable event.
TEST_EVENT = "webhook.test"
SUBSCRIBABLE = frozenset(t.value for t in EventType)
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


def _validate_events(events: list[str]) -> list[str]:
    unknown = sorted(set(events) - SUBSCRIBABLE)
    if unknown:
        raise InvalidInput(
            f"unknown event types: {', '.join(unknown)}",
            field="events",
            allowed=sorted(SUBSCRIBABLE),
        )
    return sorted(set(events))


def create_endpoint(
    session: Session,
    *,
    organization_id: uuid.UUID,
    url: str,
    events: list[str],
    description: str | None,
    box: SecretBox,
    allow_private: bool,
    actor_api_key_id: uuid.UUID | None,
) -> tuple[WebhookEndpoint, str]:
    """A new subscription; returns it and its signing secret (the only time it is shown)."""
    check_webhook_url(url, allow_private=allow_private)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        organization_id=organization_id,
        url=url,
        events=_validate_events(events),
        description=description,
        secret_encrypted=box.encrypt(secret),
        enabled=True,
        created_at=utcnow(),
    )
    session.add(endpoint)
    session.flush()
    _audit(session, endpoint, "webhook.created", actor_api_key_id, after={"url": url})
    return endpoint, secret


def _audit(
    session: Session,
    endpoint: WebhookEndpoint,
    action: str,
    actor_api_key_id: uuid.UUID | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record_audit(
        session,
        organization_id=endpoint.organization_id,
        actor_api_key_id=actor_api_key_id,
        action=action,
        entity_type="webhook_endpoint",
        entity_id=endpoint.id,
        before=before,
        after=after,
    )


def get_endpoint(
    session: Session, *, organization_id: uuid.UUID, endpoint_id: uuid.UUID
) -> WebhookEndpoint:
    endpoint = session.scalar(
        select(WebhookEndpoint).where(
            WebhookEndpoint.id == endpoint_id,
            WebhookEndpoint.organization_id == organization_id,
            WebhookEndpoint.deleted_at.is_(None),
        )
    )
    if endpoint is None:
        raise NotFound("webhook not found", webhook_id=str(endpoint_id))
    return endpoint


def list_endpoints(session: Session, *, organization_id: uuid.UUID) -> list[WebhookEndpoint]:
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(
                WebhookEndpoint.organization_id == organization_id,
                WebhookEndpoint.deleted_at.is_(None),
            )
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
    )


def update_endpoint(
    session: Session,
    *,
    endpoint: WebhookEndpoint,
    changes: dict[str, Any],
    allow_private: bool,
    actor_api_key_id: uuid.UUID | None,
) -> None:
    """Change url/events/description/enabled; re-enabling clears the failure state."""
    before = {"url": endpoint.url, "events": endpoint.events, "enabled": endpoint.enabled}
    if "url" in changes:
        check_webhook_url(changes["url"], allow_private=allow_private)
        endpoint.url = changes["url"]
    if "events" in changes:
        endpoint.events = _validate_events(changes["events"])
    if "description" in changes:
        endpoint.description = changes["description"]
    if "enabled" in changes:
        endpoint.enabled = bool(changes["enabled"])
        if endpoint.enabled:
            endpoint.disabled_reason = None
            endpoint.failing_since = None
    after = {"url": endpoint.url, "events": endpoint.events, "enabled": endpoint.enabled}
    _audit(session, endpoint, "webhook.updated", actor_api_key_id, before=before, after=after)
    session.flush()


def delete_endpoint(
    session: Session, *, endpoint: WebhookEndpoint, actor_api_key_id: uuid.UUID | None
) -> None:
    """Soft delete: pending deliveries stop; the delivery log is kept."""
    endpoint.deleted_at = utcnow()
    endpoint.enabled = False
    _audit(session, endpoint, "webhook.deleted", actor_api_key_id)
    session.flush()


def subscribes_to(endpoint: WebhookEndpoint, event_type: str) -> bool:
    return not endpoint.events or event_type in endpoint.events


def list_deliveries(
    session: Session, *, endpoint: WebhookEndpoint, limit: int, before: dt.datetime | None
) -> list[tuple[WebhookDelivery, Event]]:
    """The endpoint's deliveries, newest first."""
    stmt = (
        select(WebhookDelivery, Event)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .limit(limit)
    )
    if before is not None:
        stmt = stmt.where(WebhookDelivery.created_at < before)
    return [(delivery, event) for delivery, event in session.execute(stmt)]


def get_delivery(
    session: Session, *, organization_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDelivery:
    delivery = session.scalar(
        select(WebhookDelivery)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(
            WebhookDelivery.id == delivery_id,
            WebhookEndpoint.organization_id == organization_id,
            WebhookEndpoint.deleted_at.is_(None),
        )
    )
    if delivery is None:
        raise NotFound("delivery not found", delivery_id=str(delivery_id))
    return delivery


def schedule_redelivery(session: Session, *, delivery: WebhookDelivery) -> None:
    """Send the same message (same webhook-id) again, with a fresh retry budget."""
    endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
    if endpoint is None or not endpoint.enabled:
        raise Conflict("the webhook is disabled; re-enable it before redelivering")
    delivery.status = DeliveryStatus.pending
    delivery.attempts = 0
    delivery.next_attempt_at = utcnow()
    session.flush()


def new_delivery(
    *, endpoint_id: uuid.UUID, event_id: uuid.UUID, now: dt.datetime
) -> WebhookDelivery:
    """A delivery due now, before any attempt."""
    return WebhookDelivery(
        endpoint_id=endpoint_id,
        event_id=event_id,
        status=DeliveryStatus.pending,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


def send_test(session: Session, *, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A ping to this endpoint only, through the normal delivery path."""
    now = utcnow()
    event = Event(
        organization_id=endpoint.organization_id,
        type=TEST_EVENT,
        data={"webhook_id": str(endpoint.id), "message": "test delivery from vendor-risk"},
        created_at=now,
        # Fanned out by hand below: the dispatcher must not offer it to other endpoints.
        dispatched_at=now,
    )
    session.add(event)
    session.flush()
    delivery = new_delivery(endpoint_id=endpoint.id, event_id=event.id, now=now)
    session.add(delivery)
    session.flush()
    return delivery
