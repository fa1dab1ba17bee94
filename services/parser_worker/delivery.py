"""Webhook delivery: fan outbox events out to subscribed endpoints, then send due
deliveries, signed per Standard Webhooks, with retries, backoff and jitter.

At least once: a delivery is claimed with a lease before it is sent; if the worker dies
mid-send the lease runs out and the delivery is sent again with the same `webhook-id`, so
receivers can drop the duplicate.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
import uuid
from dataclasses import dataclass

import httpx
from cryptography.fernet import InvalidToken
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook

from vendor_core.crypto import SecretBox
from vendor_core.db import unit_of_work, utcnow
from vendor_core.errors import InvalidInput
from vendor_core.events.urls import check_webhook_url
from vendor_core.events.webhooks import new_delivery, subscribes_to
from vendor_core.models import DeliveryStatus, Event, WebhookDelivery, WebhookEndpoint

log = logging.getLogger(__name__)

# Wait after the n-th failed attempt: about 27.5 hours in all, then the delivery fails.
RETRY_SCHEDULE = (
    dt.timedelta(seconds=5),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=5),
    dt.timedelta(hours=10),
    dt.timedelta(hours=10),
)
# An endpoint that has failed every attempt for this long is disabled until an admin acts.
DISABLE_AFTER = dt.timedelta(days=5)
JITTER = 0.2


@dataclass(frozen=True)
class DeliveryConfig:
    box: SecretBox
    allow_private: bool
    timeout_s: float

    @property
    def lease(self) -> dt.timedelta:
        return dt.timedelta(seconds=self.timeout_s * 2 + 5)


def next_retry_delay(failed_attempts: int, rng: random.Random) -> dt.timedelta | None:
    """The wait before the next attempt, ±20% jitter; None when the budget is spent."""
    if failed_attempts > len(RETRY_SCHEDULE):
        return None
    base = RETRY_SCHEDULE[failed_attempts - 1]
    return base * (1 + rng.uniform(-JITTER, JITTER))


def fan_out(factory: sessionmaker[Session], *, batch: int = 500) -> int:
    """Create one delivery per (undispatched event, subscribed enabled endpoint)."""
    created = 0
    with unit_of_work(factory) as session:
        events = list(
            session.scalars(
                select(Event)
                .where(Event.dispatched_at.is_(None))
                .order_by(Event.created_at, Event.id)
                .limit(batch)
            )
        )
        endpoints_by_org: dict[uuid.UUID, list[WebhookEndpoint]] = {}
        now = utcnow()
        for event in events:
            if event.organization_id not in endpoints_by_org:
                endpoints_by_org[event.organization_id] = list(
                    session.scalars(
                        select(WebhookEndpoint).where(
                            WebhookEndpoint.organization_id == event.organization_id,
                            WebhookEndpoint.enabled.is_(True),
                            WebhookEndpoint.deleted_at.is_(None),
                        )
                    )
                )
            for endpoint in endpoints_by_org[event.organization_id]:
                if not subscribes_to(endpoint, event.type):
                    continue
                try:
                    # The unique (endpoint, event) pair makes a racing fan-out harmless.
                    with session.begin_nested():
                        session.add(
                            new_delivery(endpoint_id=endpoint.id, event_id=event.id, now=now)
                        )
                    created += 1
                except IntegrityError:
                    pass
            event.dispatched_at = now
        session.commit()
    return created


def claim_due(
    factory: sessionmaker[Session], config: DeliveryConfig, *, limit: int = 50
) -> list[uuid.UUID]:
    """Claim pending deliveries that are due by pushing their next attempt a lease ahead;
    the compare-and-set update lets only one dispatcher win each."""
    now = utcnow()
    claimed: list[uuid.UUID] = []
    with unit_of_work(factory) as session:
        due = session.execute(
            select(WebhookDelivery.id, WebhookDelivery.next_attempt_at)
            .where(
                WebhookDelivery.status == DeliveryStatus.pending,
                WebhookDelivery.next_attempt_at <= now,
            )
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(limit)
        ).all()
        for delivery_id, next_attempt_at in due:
            result = session.execute(
                update(WebhookDelivery)
                .where(
                    WebhookDelivery.id == delivery_id,
                    WebhookDelivery.status == DeliveryStatus.pending,
                    WebhookDelivery.next_attempt_at == next_attempt_at,
                )
                .values(next_attempt_at=now + config.lease)
            )
            if result.rowcount == 1:  # type: ignore[attr-defined]
                claimed.append(delivery_id)
        session.commit()
    return claimed


def message_id(delivery: WebhookDelivery) -> str:
    """Stable per event and endpoint: every attempt and redelivery carries the same id."""
    return f"msg_{delivery.id.hex}"


def render_body(event: Event) -> str:
    return json.dumps(
        {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.data},
        separators=(",", ":"),
        sort_keys=True,
    )


def send_one(
    factory: sessionmaker[Session],
    config: DeliveryConfig,
    client: httpx.Client,
    delivery_id: uuid.UUID,
    rng: random.Random,
) -> bool:
    """Attempt one claimed delivery and record the outcome; True when it succeeded."""
    with unit_of_work(factory) as session:
        delivery = session.get(WebhookDelivery, delivery_id)
        assert delivery is not None
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id)
        event = session.get(Event, delivery.event_id)
        assert endpoint is not None and event is not None
        url, enabled = endpoint.url, endpoint.enabled and endpoint.deleted_at is None
        msg_id, body = message_id(delivery), render_body(event)
        try:
            secret: str | None = config.box.decrypt(endpoint.secret_encrypted)
        except InvalidToken:
            secret = None  # encrypted under another secret key: it cannot be signed

    status_code: int | None = None
    error: str | None = None
    if not enabled:
        error = "the webhook is disabled"
    elif secret is None:
        error = "the signing secret cannot be decrypted (was VENDOR_RISK_SECRET_KEY changed?)"
        enabled = False  # permanent: no retry until the webhook is recreated
    else:
        try:
            # Again at send time: the name may resolve elsewhere now (DNS rebinding).
            check_webhook_url(url, allow_private=config.allow_private)
            sent_at = utcnow()
            headers = {
                "content-type": "application/json",
                "user-agent": "vendor-risk-webhooks/1",
                "webhook-id": msg_id,
                "webhook-timestamp": str(int(sent_at.timestamp())),
                "webhook-signature": Webhook(secret).sign(msg_id, sent_at, body),
            }
            response = client.post(url, content=body.encode(), headers=headers)
            status_code = response.status_code
            if not 200 <= status_code < 300:
                error = f"HTTP {status_code}"
        except InvalidInput as exc:
            error = exc.message
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:500]

    with unit_of_work(factory) as session:
        delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
        assert delivery is not None and endpoint is not None
        now = utcnow()
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.last_error = error
        if error is None:
            delivery.status = DeliveryStatus.succeeded
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            endpoint.failing_since = None
        elif not enabled:
            delivery.status = DeliveryStatus.failed
            delivery.next_attempt_at = None
        else:
            delay = next_retry_delay(delivery.attempts, rng)
            if delay is None:
                delivery.status = DeliveryStatus.failed
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + delay
            endpoint.failing_since = endpoint.failing_since or now
            if endpoint.enabled and now - endpoint.failing_since >= DISABLE_AFTER:
                endpoint.enabled = False
                endpoint.disabled_reason = (
                    f"every delivery failed since {endpoint.failing_since.isoformat()}; "
                    f"last error: {error}"
                )
                log.warning("disabled webhook %s: %s", endpoint.id, endpoint.disabled_reason)
        session.commit()
    return error is None


def dispatch(
    factory: sessionmaker[Session], config: DeliveryConfig, *, budget_s: float = 45.0
) -> int:
    """Fan out new events and send what is due, until nothing is due or the budget is spent.
    Returns the number of attempts made."""
    rng = random.Random()
    deadline = time.monotonic() + budget_s
    attempts = 0
    fan_out(factory)
    with httpx.Client(timeout=config.timeout_s, follow_redirects=False) as client:
        while time.monotonic() < deadline:
            claimed = claim_due(factory, config)
            if not claimed:
                break
            for delivery_id in claimed:
                send_one(factory, config, client, delivery_id, rng)
                attempts += 1
    return attempts
