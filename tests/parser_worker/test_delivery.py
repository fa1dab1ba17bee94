"""Webhook delivery against a real HTTP receiver on loopback and the real database."""

from __future__ import annotations

import datetime as dt
import random
import uuid

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker
from standardwebhooks.webhooks import Webhook

from parser_worker import delivery
from tests.factories import Tenant, make_tenant
from tests.webhook_receiver import Receiver, running_receiver
from vendor_core.config import get_settings
from vendor_core.crypto import SecretBox
from vendor_core.db import unit_of_work, utcnow
from vendor_core.events import webhooks as webhooks_service
from vendor_core.events.outbox import EventType, record_event
from vendor_core.models import WebhookDelivery, WebhookEndpoint

# The app's own key: the API tests' webhooks share this database and this dispatcher.
BOX = SecretBox(get_settings().secret_key.get_secret_value())
CONFIG = delivery.DeliveryConfig(box=BOX, allow_private=True, timeout_s=2)


@pytest.fixture
def tenant(session_factory: sessionmaker[Session]) -> Tenant:
    return make_tenant(session_factory)


@pytest.fixture
def receiver() -> Receiver:
    with running_receiver() as r:
        yield r


def _subscribe(
    factory: sessionmaker[Session], tenant: Tenant, url: str, events: list[str] | None = None
) -> tuple[uuid.UUID, str]:
    with unit_of_work(factory) as session:
        endpoint, secret = webhooks_service.create_endpoint(
            session,
            organization_id=tenant.organization_id,
            url=url,
            events=events or [],
            description=None,
            box=BOX,
            allow_private=True,
            actor_api_key_id=None,
        )
        session.commit()
        return endpoint.id, secret


def _emit(
    factory: sessionmaker[Session], tenant: Tenant, type: EventType = EventType.report_parsed
) -> uuid.UUID:
    with unit_of_work(factory) as session:
        event = record_event(
            session, organization_id=tenant.organization_id, type=type, data={"report_id": "r-1"}
        )
        assert event is not None
        session.commit()
        return event.id


def _deliveries(factory: sessionmaker[Session], endpoint_id: uuid.UUID) -> list[WebhookDelivery]:
    with unit_of_work(factory) as session:
        return list(
            session.query(WebhookDelivery).filter(WebhookDelivery.endpoint_id == endpoint_id)
        )


def _time_travel(factory: sessionmaker[Session], endpoint_id: uuid.UUID) -> None:
    """Make every pending retry of the endpoint due now."""
    with unit_of_work(factory) as session:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending")
            .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
        )
        session.commit()


class TestSigning:
    def test_delivery_verifies_with_the_standard_webhooks_library(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        endpoint_id, secret = _subscribe(session_factory, tenant, receiver.url)
        assert secret.startswith("whsec_")
        event_id = _emit(session_factory, tenant)
        delivery.dispatch(session_factory, CONFIG)

        [got] = receiver.received
        payload = Webhook(secret).verify(got.body, got.headers)
        assert payload["type"] == "report.parsed"
        assert payload["data"] == {"report_id": "r-1"}
        [row] = _deliveries(session_factory, endpoint_id)
        assert row.event_id == event_id
        assert row.status == "succeeded"
        assert got.headers["webhook-id"] == f"msg_{row.id.hex}"
        with pytest.raises(Exception):  # noqa: B017 - any verification error will do
            Webhook("whsec_" + "QUJD" * 8).verify(got.body, got.headers)

    def test_event_filter(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url, ["report.failed"])
        _emit(session_factory, tenant, EventType.report_parsed)
        _emit(session_factory, tenant, EventType.report_failed)
        delivery.dispatch(session_factory, CONFIG)
        assert [r.json["type"] for r in receiver.received] == ["report.failed"]
        assert len(_deliveries(session_factory, endpoint_id)) == 1


class TestRetries:
    def test_failures_are_retried_with_backoff_and_the_same_id(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        receiver.statuses = [500, 503]
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url)
        _emit(session_factory, tenant)
        before = utcnow()
        delivery.dispatch(session_factory, CONFIG)
        [row] = _deliveries(session_factory, endpoint_id)
        assert (row.status, row.attempts, row.last_status_code) == ("pending", 1, 500)
        assert row.next_attempt_at is not None
        wait = row.next_attempt_at - before
        assert dt.timedelta(seconds=3.5) <= wait <= dt.timedelta(seconds=7)
        # Not due yet: a dispatch now sends nothing.
        assert delivery.dispatch(session_factory, CONFIG) == 0

        _time_travel(session_factory, endpoint_id)
        delivery.dispatch(session_factory, CONFIG)
        _time_travel(session_factory, endpoint_id)
        delivery.dispatch(session_factory, CONFIG)
        [row] = _deliveries(session_factory, endpoint_id)
        assert (row.status, row.attempts) == ("succeeded", 3)
        assert [r.headers["webhook-id"] for r in receiver.received] == [f"msg_{row.id.hex}"]

    def test_gives_up_after_about_a_day(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        receiver.statuses = [500] * 20
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url)
        _emit(session_factory, tenant)
        for _ in range(len(delivery.RETRY_SCHEDULE) + 1):
            delivery.dispatch(session_factory, CONFIG)
            _time_travel(session_factory, endpoint_id)
        [row] = _deliveries(session_factory, endpoint_id)
        assert row.status == "failed"
        assert row.attempts == len(delivery.RETRY_SCHEDULE) + 1
        assert receiver.received == []

    def test_schedule_spans_about_a_day_with_jitter(self) -> None:
        rng = random.Random(7)
        delays = [
            delivery.next_retry_delay(n, rng) for n in range(1, len(delivery.RETRY_SCHEDULE) + 1)
        ]
        assert all(delay is not None for delay in delays)
        total = sum((d for d in delays if d is not None), dt.timedelta())
        assert dt.timedelta(hours=20) <= total <= dt.timedelta(hours=34)
        assert delivery.next_retry_delay(len(delivery.RETRY_SCHEDULE) + 1, rng) is None
        delays = {delivery.next_retry_delay(1, rng) for _ in range(20)}
        assert len(delays) > 1  # jittered

    def test_endpoint_failing_for_days_is_disabled_and_can_be_reenabled(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        receiver.statuses = [500]
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url)
        with unit_of_work(session_factory) as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            assert endpoint is not None
            endpoint.failing_since = utcnow() - dt.timedelta(days=6)
            session.commit()
        _emit(session_factory, tenant)
        delivery.dispatch(session_factory, CONFIG)
        with unit_of_work(session_factory) as session:
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            assert endpoint is not None and endpoint.enabled is False
            assert "HTTP 500" in (endpoint.disabled_reason or "")
            webhooks_service.update_endpoint(
                session,
                endpoint=endpoint,
                changes={"enabled": True},
                allow_private=True,
                actor_api_key_id=None,
            )
            session.commit()
            assert endpoint.failing_since is None
        _time_travel(session_factory, endpoint_id)
        delivery.dispatch(session_factory, CONFIG)
        assert len(receiver.received) == 1


class TestSafety:
    def test_private_target_refused_at_delivery_time(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url)
        _emit(session_factory, tenant)
        strict = delivery.DeliveryConfig(box=BOX, allow_private=False, timeout_s=2)
        delivery.dispatch(session_factory, strict)
        [row] = _deliveries(session_factory, endpoint_id)
        assert row.status == "pending" and row.attempts == 1
        assert "non-public" in (row.last_error or "")
        assert receiver.received == []

    def test_a_secret_under_another_key_fails_that_delivery_only(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        endpoint_id, _ = _subscribe(session_factory, tenant, receiver.url)
        _emit(session_factory, tenant)
        rotated = delivery.DeliveryConfig(
            box=SecretBox("another-key"), allow_private=True, timeout_s=2
        )
        delivery.dispatch(session_factory, rotated)
        [row] = _deliveries(session_factory, endpoint_id)
        assert row.status == "failed"
        assert "cannot be decrypted" in (row.last_error or "")
        assert receiver.received == []

    def test_a_claimed_delivery_is_not_claimed_twice(
        self, session_factory: sessionmaker[Session], tenant: Tenant, receiver: Receiver
    ) -> None:
        _subscribe(session_factory, tenant, receiver.url)
        _emit(session_factory, tenant)
        delivery.fan_out(session_factory)
        first = delivery.claim_due(session_factory, CONFIG)
        second = delivery.claim_due(session_factory, CONFIG)
        assert first and not set(first) & set(second)
