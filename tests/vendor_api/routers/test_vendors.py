from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, vendor_body
from vendor_core.pagination import encode_cursor


def create(client: TestClient, tenant: Tenant, **overrides: object) -> dict:
    response = client.post("/v1/vendors", json=vendor_body(**overrides), headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()


class TestCreateVendor:
    def test_creates_and_scores_from_inherent_risk(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        vendor = create(client, tenant, name="Globex", criticality="critical")
        assert vendor["name"] == "Globex"
        assert vendor["criticality"] == "critical"
        assert vendor["data_profile"]["handles_personal_data"] is True
        # No report yet: a critical vendor without assurance is at least high.
        assert vendor["rating"] in {"high", "critical"}
        risk = client.get(f"/v1/vendors/{vendor['id']}/risk", headers=tenant.headers()).json()
        assert risk["score"] == vendor["score"]
        assert any(f["code"] == "no_current_report" for f in risk["factors"])

    def test_invalid_body_is_a_problem(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/v1/vendors", json={"name": "", "criticality": "extreme"}, headers=tenant.headers()
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "validation_error"
        assert {e["field"] for e in problem["errors"]} >= {"body.name", "body.criticality"}

    def test_external_ref_unique_per_org(
        self, client: TestClient, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        create(client, tenant, external_ref="SUP-1")
        again = client.post(
            "/v1/vendors", json=vendor_body(external_ref="SUP-1"), headers=tenant.headers()
        )
        assert again.status_code == 409
        assert again.json()["code"] == "conflict"
        # Another org may use the same reference.
        create(client, other_tenant, external_ref="SUP-1")

    def test_idempotency_key_replays_the_first_result(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        headers = {**tenant.headers(), "Idempotency-Key": "create-acme-1"}
        first = client.post("/v1/vendors", json=vendor_body(name="Acme"), headers=headers)
        second = client.post("/v1/vendors", json=vendor_body(name="Acme"), headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"]
        listed = client.get("/v1/vendors", params={"q": "Acme"}, headers=tenant.headers()).json()
        assert len(listed["items"]) == 1


class TestReadUpdateDelete:
    def test_patch_changes_only_sent_fields_and_rescores(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        vendor = create(client, tenant, criticality="low", data_profile={})
        response = client.patch(
            f"/v1/vendors/{vendor['id']}",
            json={"criticality": "critical", "data_profile": {"availability_critical": True}},
            headers=tenant.headers("procurement"),
        )
        assert response.status_code == 200, response.text
        updated = response.json()
        assert updated["name"] == vendor["name"]
        assert updated["criticality"] == "critical"
        assert updated["data_profile"]["availability_critical"] is True
        assert updated["score"] > vendor["score"]
        history = client.get(
            f"/v1/vendors/{vendor['id']}/risk/history", headers=tenant.headers()
        ).json()["items"]
        assert [h["score"] for h in history] == [updated["score"], vendor["score"]]

    def test_patch_cannot_null_a_required_field(self, client: TestClient, tenant: Tenant) -> None:
        vendor = create(client, tenant)
        response = client.patch(
            f"/v1/vendors/{vendor['id']}", json={"name": None}, headers=tenant.headers()
        )
        assert response.status_code == 422

    def test_soft_delete_hides_vendor_and_frees_external_ref(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        vendor = create(client, tenant, external_ref="GONE-1")
        assert (
            client.delete(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).status_code
            == 204
        )
        assert (
            client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).status_code == 404
        )
        create(client, tenant, external_ref="GONE-1")

    def test_unknown_vendor_is_404_problem(self, client: TestClient, tenant: Tenant) -> None:
        response = client.get(f"/v1/vendors/{uuid.uuid4()}", headers=tenant.headers())
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


class TestListVendors:
    def test_cursor_pagination_visits_every_vendor_once(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        created = {create(client, tenant)["id"] for _ in range(5)}
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/v1/vendors", params=params, headers=tenant.headers()).json()
            seen += [v["id"] for v in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 5
        assert set(seen) == created

    def test_filters(self, client: TestClient, tenant: Tenant) -> None:
        low = create(client, tenant, name="Paperclips Ltd", criticality="low", data_profile={})
        critical = create(client, tenant, name="Core Bank", criticality="critical")
        by_crit = client.get(
            "/v1/vendors", params={"criticality": "critical"}, headers=tenant.headers()
        ).json()
        assert [v["id"] for v in by_crit["items"]] == [critical["id"]]
        by_q = client.get("/v1/vendors", params={"q": "paperclip"}, headers=tenant.headers()).json()
        assert [v["id"] for v in by_q["items"]] == [low["id"]]
        by_rating = client.get(
            "/v1/vendors", params={"rating": critical["rating"]}, headers=tenant.headers()
        ).json()
        assert critical["id"] in {v["id"] for v in by_rating["items"]}
        assert all(v["rating"] == critical["rating"] for v in by_rating["items"])

    def test_bad_cursor_is_422(self, client: TestClient, tenant: Tenant) -> None:
        response = client.get(
            "/v1/vendors", params={"cursor": "garbage!"}, headers=tenant.headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"

    @pytest.mark.parametrize("sort_value", [None, 3, "not a time", ["2026-01-01"]])
    def test_a_well_formed_cursor_of_another_kind_is_422(
        self, client: TestClient, tenant: Tenant, sort_value: object
    ) -> None:
        # Found by the API fuzzer: a decodable cursor whose sort value is not a timestamp
        # (e.g. a report list's cursor) was a 500.
        cursor = encode_cursor(sort_value, uuid.uuid4())
        response = client.get("/v1/vendors", params={"cursor": cursor}, headers=tenant.headers())
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_input"

    def test_nul_in_the_search_text_is_422(self, client: TestClient, tenant: Tenant) -> None:
        response = client.get("/v1/vendors", params={"q": "a\x00b"}, headers=tenant.headers())
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_error"


class TestNulCharacters:
    """Found by the API fuzzer: PostgreSQL text cannot hold NUL, so a NUL in any string of a
    body was a 500 there; it is a 422 naming where it is, on every database."""

    def test_create_with_nul_is_422(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post(
            "/v1/vendors", json=vendor_body(name="Glo\x00bex"), headers=tenant.headers()
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "body.name" in response.json()["errors"][0]["message"]

    def test_update_with_nul_is_422(self, client: TestClient, tenant: Tenant) -> None:
        vendor = create(client, tenant)
        response = client.patch(
            f"/v1/vendors/{vendor['id']}",
            json={"external_ref": "\x00"},
            headers=tenant.headers(),
        )
        assert response.status_code == 422, response.text
        assert (
            client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).json()[
                "external_ref"
            ]
            == vendor["external_ref"]
        )


class TestTenancyAndRoles:
    def test_other_orgs_vendor_is_invisible(
        self, client: TestClient, tenant: Tenant, other_tenant: Tenant
    ) -> None:
        vendor = create(client, tenant)
        path = f"/v1/vendors/{vendor['id']}"
        headers = other_tenant.headers()
        assert client.get(path, headers=headers).status_code == 404
        assert client.patch(path, json={"name": "x"}, headers=headers).status_code == 404
        assert client.delete(path, headers=headers).status_code == 404
        assert client.get(f"{path}/risk", headers=headers).status_code == 404
        listed = client.get("/v1/vendors", headers=headers).json()["items"]
        assert vendor["id"] not in {v["id"] for v in listed}

    @pytest.mark.parametrize(
        "headers",
        [{}, {"Authorization": "Bearer vrk_not-a-key"}, {"Authorization": "Basic Zm9vOmJhcg=="}],
    )
    def test_missing_or_bad_key_is_401(self, client: TestClient, headers: dict) -> None:
        response = client.get("/v1/vendors", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"

    @pytest.mark.parametrize("role", ["read_only", "reviewer"])
    def test_roles_without_vendor_write_get_403(
        self, client: TestClient, tenant: Tenant, role: str
    ) -> None:
        response = client.post("/v1/vendors", json=vendor_body(), headers=tenant.headers(role))
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        vendor = create(client, tenant)
        assert (
            client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers(role)).status_code
            == 200
        )
        assert (
            client.delete(f"/v1/vendors/{vendor['id']}", headers=tenant.headers(role)).status_code
            == 403
        )
