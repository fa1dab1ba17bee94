"""Expiry alerts and webhooks end to end: HTTP upload -> real worker -> signed delivery to a
real receiver on loopback."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import pytest
from fastapi.testclient import TestClient
from standardwebhooks.webhooks import Webhook

from tests.factories import Tenant, vendor_body
from tests.integration.conftest import Worker, wait_for_report
from tests.pdfs import soc2_type2_pdf
from tests.scoring_dates import months_before
from tests.webhook_receiver import Receiver, running_receiver

pytestmark = pytest.mark.integration


@pytest.fixture
def receiver() -> Receiver:
    with running_receiver() as r:
        yield r


def _subscribe(api: TestClient, tenant: Tenant, url: str, events: list[str]) -> str:
    response = api.post(
        "/v1/webhooks", json={"url": url, "events": events}, headers=tenant.headers()
    )
    assert response.status_code == 201, response.text
    return response.json()["secret"]


def _upload_report(api: TestClient, tenant: Tenant, period_end: dt.date) -> str:
    vendor = api.post("/v1/vendors", json=vendor_body(), headers=tenant.headers()).json()
    start = months_before(period_end, 12) + dt.timedelta(days=1)
    response = api.post(
        f"/v1/vendors/{vendor['id']}/reports",
        files={
            "file": (
                "soc2.pdf",
                soc2_type2_pdf(period=(start, period_end), marker=uuid.uuid4().hex),
            )
        },
        headers=tenant.headers(),
    )
    assert response.status_code == 202, response.text
    return response.json()["id"]


def test_expired_and_expiring_reports_alert_once_each(
    api: TestClient, tenant: Tenant, worker: Worker, receiver: Receiver
) -> None:
    secret = _subscribe(api, tenant, receiver.url, ["report.expired", "report.expiring"])
    today = dt.datetime.now(dt.UTC).date()
    expired_id = _upload_report(api, tenant, months_before(today, 14))
    # Expires in 5 days: past the 90 and 30 day thresholds too, but only 7 fires.
    expiring_id = _upload_report(api, tenant, months_before(today + dt.timedelta(days=5), 12))
    started = time.monotonic()
    received = receiver.wait_for(lambda got: len(got) >= 2, timeout=30)
    elapsed = time.monotonic() - started

    for message in received:
        Webhook(secret).verify(message.body, message.headers)
    by_report = {m.json["data"]["report_id"]: m.json for m in received}
    assert by_report[expired_id]["type"] == "report.expired"
    assert by_report[expiring_id]["type"] == "report.expiring"
    assert by_report[expiring_id]["data"]["threshold_days"] == 7
    assert elapsed < 30

    # A sweep now (and beat's dispatches) must not alert again.
    subprocess.run(
        [sys.executable, "-m", "vendor_cli.main", "sweep"],
        check=True,
        env=os.environ.copy(),
        capture_output=True,
        timeout=60,
    )
    time.sleep(5)
    assert len(receiver.received) == 2
    assert len({m.headers["webhook-id"] for m in receiver.received}) == 2


def test_receiver_down_then_up_gets_every_event_once(
    api: TestClient, tenant: Tenant, worker: Worker, receiver: Receiver
) -> None:
    receiver.statuses = [503, 503, 503]  # down for the first attempts
    _subscribe(api, tenant, receiver.url, ["report.parsed"])
    report_ids = [_upload_report(api, tenant, dt.date(2026, 6, 30)) for _ in range(3)]
    for report_id in report_ids:
        wait_for_report(api, tenant, report_id)
    received = receiver.wait_for(lambda got: len(got) >= 3, timeout=60)
    assert sorted(m.json["data"]["report_id"] for m in received) == sorted(report_ids)
    time.sleep(3)
    assert len(receiver.received) == 3


def test_worker_killed_mid_delivery_loses_nothing(
    api: TestClient, tenant: Tenant, worker: Worker, receiver: Receiver
) -> None:
    in_flight = threading.Event()
    # Under the 2 s client timeout: the request would be answered, if anyone still listened.
    receiver.delay_s = 1.5
    _subscribe(api, tenant, receiver.url, [])
    webhook = api.get("/v1/webhooks", headers=tenant.headers()).json()["items"][0]
    ping = api.post(f"/v1/webhooks/{webhook['id']}/test", headers=tenant.headers()).json()

    # Kill the pool process while the request is in the air.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not in_flight.is_set():
        deliveries = api.get(
            f"/v1/webhooks/{webhook['id']}/deliveries", headers=tenant.headers()
        ).json()["items"]
        if deliveries and deliveries[0]["next_attempt_at"] and deliveries[0]["attempts"] == 0:
            lease = dt.datetime.fromisoformat(deliveries[0]["next_attempt_at"])
            if lease > dt.datetime.now(dt.UTC):  # claimed: the send is under way
                in_flight.set()
                break
        time.sleep(0.05)
    assert in_flight.is_set(), "the delivery was never claimed"
    for pid in worker.pool_children():
        os.kill(pid, signal.SIGKILL)
    receiver.delay_s = 0

    def delivered(_: object) -> bool:
        status = api.get(
            f"/v1/webhooks/{webhook['id']}/deliveries", headers=tenant.headers()
        ).json()
        return status["items"][0]["status"] == "succeeded"

    receiver.wait_for(delivered, timeout=60)
    ids = {m.headers["webhook-id"] for m in receiver.received}
    assert ids == {ping["message_id"]}  # maybe twice (at least once), never lost, never another id
