"""A scoring-policy change through the API rescores the org's vendors in a real worker."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, make_extraction, make_parsed_report, vendor_body
from tests.integration.conftest import Worker
from vendor_core.db import utcnow

pytestmark = pytest.mark.integration


def _risk(api: TestClient, tenant: Tenant, vendor_id: str) -> dict:
    response = api.get(f"/v1/vendors/{vendor_id}/risk", headers=tenant.headers())
    assert response.status_code == 200, response.text
    return response.json()


def _wait_for_policy_version(
    api: TestClient, tenant: Tenant, vendor_id: str, version: int, timeout: float = 60
) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        risk = _risk(api, tenant, vendor_id)
        if risk["policy_version"] == version:
            return risk
        time.sleep(0.2)
    raise AssertionError(f"vendor {vendor_id} not rescored under policy {version}: {risk}")


def test_policy_change_rescores_every_vendor_of_the_org(
    api: TestClient,
    tenant: Tenant,
    worker: Worker,
    session_factory,  # type: ignore[no-untyped-def]
) -> None:
    with_report = api.post(
        "/v1/vendors",
        json=vendor_body(criticality="high", data_profile={}),
        headers=tenant.headers(),
    ).json()["id"]
    without_report = api.post(
        "/v1/vendors",
        json=vendor_body(criticality="low", data_profile={}),
        headers=tenant.headers(),
    ).json()["id"]
    period_end = utcnow().date() - dt.timedelta(days=200)
    report_id = make_parsed_report(
        session_factory,
        tenant=tenant,
        vendor_id=with_report,
        extraction=make_extraction(
            period_start=(period_end - dt.timedelta(days=364)).isoformat(),
            period_end=period_end.isoformat(),
        ),
    )
    current = _risk(api, tenant, with_report)
    assert current["report_ids"] == [report_id]
    assert current["rating"] in {"low", "medium"}
    bare = _risk(api, tenant, without_report)

    # Reports now stay current for 6 months (this one ended ~7 months ago), and low
    # criticality weighs more.
    response = api.put(
        "/v1/scoring-policy",
        json={"currency_months": 6, "weights": {"criticality": {"low": 10}}},
        headers=tenant.headers(),
    )
    assert response.status_code == 200, response.text
    assert response.json()["version"] == 1

    expired = _wait_for_policy_version(api, tenant, with_report, 1)
    assert expired["score"] > current["score"]
    assert "only_expired_report" in {f["code"] for f in expired["factors"]}
    assert expired["rating"] in {"high", "critical"}  # a high vendor without a current report
    report = api.get(f"/v1/reports/{report_id}", headers=tenant.headers()).json()
    assert dt.date.fromisoformat(report["expires_at"]) < utcnow().date()

    reweighed = _wait_for_policy_version(api, tenant, without_report, 1)
    assert reweighed["score"] == bare["score"] + 5
    history = api.get(f"/v1/vendors/{without_report}/risk/history", headers=tenant.headers())
    assert [item["policy_version"] for item in history.json()["items"]] == [1, 0]
