from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant
from vendor_api.main import create_app
from vendor_core.config import Settings
from vendor_core.pagination import encode_cursor


def _create(client: TestClient, tenant: Tenant, **body: object) -> dict:
    response = client.post(
        "/v1/webhooks",
        json={"url": "http://127.0.0.1:9/hook", **body},
        headers=tenant.headers(),
    )
    assert response.status_code == 201, response.text
    return response.json()


class TestSubscriptions:
    def test_secret_is_shown_once(self, client: TestClient, tenant: Tenant) -> None:
        created = _create(client, tenant, events=["report.expired"], description="risk team")
        assert created["secret"].startswith("whsec_")
        assert created["events"] == ["report.expired"]
        fetched = client.get(f"/v1/webhooks/{created['id']}", headers=tenant.headers()).json()
        assert "secret" not in fetched
        listed = client.get("/v1/webhooks", headers=tenant.headers()).json()["items"]
        assert [w["id"] for w in listed] == [created["id"]]
        assert all("secret" not in w for w in listed)

    def test_unknown_event_type_is_422(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hook", "events": ["report.exploded"]},
            headers=tenant.headers(),
        )
        assert response.status_code == 422
        assert "report.exploded" in response.json()["detail"]

    def test_update_and_delete(self, client: TestClient, tenant: Tenant) -> None:
        created = _create(client, tenant)
        patched = client.patch(
            f"/v1/webhooks/{created['id']}",
            json={"events": ["report.failed"], "enabled": False},
            headers=tenant.headers(),
        ).json()
        assert patched["events"] == ["report.failed"]
        assert patched["enabled"] is False
        assert (
            client.delete(f"/v1/webhooks/{created['id']}", headers=tenant.headers()).status_code
            == 204
        )
        assert (
            client.get(f"/v1/webhooks/{created['id']}", headers=tenant.headers()).status_code == 404
        )

    def test_test_ping_and_redeliver_are_queued(self, client: TestClient, tenant: Tenant) -> None:
        created = _create(client, tenant)
        ping = client.post(f"/v1/webhooks/{created['id']}/test", headers=tenant.headers())
        assert ping.status_code == 202
        assert ping.json()["event_type"] == "webhook.test"
        assert ping.json()["status"] == "pending"
        log = client.get(
            f"/v1/webhooks/{created['id']}/deliveries", headers=tenant.headers()
        ).json()
        assert [d["id"] for d in log["items"]] == [ping.json()["id"]]
        again = client.post(
            f"/v1/deliveries/{ping.json()['id']}/redeliver", headers=tenant.headers()
        )
        assert again.status_code == 202
        assert again.json()["message_id"] == ping.json()["message_id"]

    def test_redeliver_to_a_disabled_webhook_is_409(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        created = _create(client, tenant)
        ping = client.post(f"/v1/webhooks/{created['id']}/test", headers=tenant.headers()).json()
        client.patch(
            f"/v1/webhooks/{created['id']}", json={"enabled": False}, headers=tenant.headers()
        )
        response = client.post(f"/v1/deliveries/{ping['id']}/redeliver", headers=tenant.headers())
        assert response.status_code == 409

    def test_a_cursor_that_is_not_a_time_is_422(self, client: TestClient, tenant: Tenant) -> None:
        # Found by the API fuzzer: a well-formed cursor of another list was a 500.
        created = _create(client, tenant)
        response = client.get(
            f"/v1/webhooks/{created['id']}/deliveries",
            params={"cursor": encode_cursor(7, uuid.uuid4())},
            headers=tenant.headers(),
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_input"

    def test_nul_in_the_description_is_422(self, client: TestClient, tenant: Tenant) -> None:
        # Found by the API fuzzer: a 500 on PostgreSQL, whose text cannot hold NUL.
        response = client.post(
            "/v1/webhooks",
            json={"url": "http://127.0.0.1:9/hook", "description": "risk\x00team"},
            headers=tenant.headers(),
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_error"


class TestUrlPolicy:
    @pytest.mark.parametrize(
        "url",
        [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://192.168.0.10/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/hook",
            "ftp://example.com/hook",
        ],
    )
    def test_private_targets_are_refused_by_default(
        self, migrated_database: str, settings: Settings, tenant: Tenant, url: str
    ) -> None:
        strict = settings.model_copy(update={"webhook_allow_private": False})
        with TestClient(create_app(strict)) as client:
            response = client.post("/v1/webhooks", json={"url": url}, headers=tenant.headers())
        assert response.status_code == 422, response.text
        assert response.json()["code"] in {"webhook_url_not_allowed", "validation_error"}


class TestTenancyAndRoles:
    @pytest.mark.parametrize("role", ["procurement", "reviewer", "read_only"])
    def test_only_admins_manage_webhooks(
        self, client: TestClient, tenant: Tenant, role: str
    ) -> None:
        created = _create(client, tenant)
        headers = tenant.headers(role)
        assert client.get("/v1/webhooks", headers=headers).status_code == 403
        assert (
            client.post(
                "/v1/webhooks", json={"url": "http://127.0.0.1/x"}, headers=headers
            ).status_code
            == 403
        )
        assert client.get(f"/v1/webhooks/{created['id']}", headers=headers).status_code == 403
        assert client.post(f"/v1/webhooks/{created['id']}/test", headers=headers).status_code == 403

    def test_other_org_sees_nothing(
        self, client: TestClient, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        created = _create(client, tenant)
        ping = client.post(f"/v1/webhooks/{created['id']}/test", headers=tenant.headers()).json()
        headers = other_tenant.headers()
        path = f"/v1/webhooks/{created['id']}"
        assert client.get(path, headers=headers).status_code == 404
        assert client.patch(path, json={"enabled": False}, headers=headers).status_code == 404
        assert client.delete(path, headers=headers).status_code == 404
        assert client.get(f"{path}/deliveries", headers=headers).status_code == 404
        assert client.post(f"{path}/test", headers=headers).status_code == 404
        assert (
            client.post(f"/v1/deliveries/{ping['id']}/redeliver", headers=headers).status_code
            == 404
        )
        assert client.get("/v1/webhooks", headers=headers).json()["items"] == []
        assert (
            client.get(f"/v1/webhooks/{uuid.uuid4()}", headers=tenant.headers()).status_code == 404
        )
