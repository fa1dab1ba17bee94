from __future__ import annotations

import hashlib
import uuid

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, vendor_body
from tests.pdfs import soc2_type2_pdf
from vendor_core.config import Settings
from vendor_core.pagination import encode_cursor


@pytest.fixture
def vendor(client: TestClient, tenant: Tenant) -> dict:
    response = client.post("/v1/vendors", json=vendor_body(), headers=tenant.headers())
    assert response.status_code == 201
    return response.json()


def upload(
    client: TestClient, tenant: Tenant, vendor_id: str, content: bytes, **headers: str
) -> object:
    return client.post(
        f"/v1/vendors/{vendor_id}/reports",
        files={"file": ("report.pdf", content, "application/pdf")},
        headers={**tenant.headers("procurement"), **headers},
    )


class TestUpload:
    def test_upload_is_queued_and_stored_by_hash(
        self, client: TestClient, tenant: Tenant, vendor: dict, settings: Settings
    ) -> None:
        content = soc2_type2_pdf(marker=uuid.uuid4().hex)
        response = upload(client, tenant, vendor["id"], content)
        assert response.status_code == 202, response.text
        report = response.json()
        assert report["status"] == "queued"
        assert report["sha256"] == hashlib.sha256(content).hexdigest()
        assert report["size_bytes"] == len(content)
        stored = settings.blobs / report["sha256"][:2] / f"{report['sha256']}.pdf"
        assert stored.read_bytes() == content
        fetched = client.get(f"/v1/reports/{report['id']}", headers=tenant.headers("read_only"))
        assert fetched.status_code == 200
        assert fetched.json()["status"] in {"queued", "processing", "parsed"}
        file = client.get(f"/v1/reports/{report['id']}/file", headers=tenant.headers("read_only"))
        assert file.status_code == 200
        assert file.headers["content-type"] == "application/pdf"
        assert file.content == content

    def test_nul_in_the_filename_is_dropped(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        # PostgreSQL text cannot hold NUL (it was a 500 there). Clients percent-encode it, so
        # the body is framed by hand, as any client could send it.
        body = (
            b"--b0undary\r\n"
            b'Content-Disposition: form-data; name="file"; filename="soc2\x00.pdf"\r\n'
            b"Content-Type: application/pdf\r\n\r\n"
            + soc2_type2_pdf(marker=uuid.uuid4().hex)
            + b"\r\n--b0undary--\r\n"
        )
        response = client.post(
            f"/v1/vendors/{vendor['id']}/reports",
            content=body,
            headers={**tenant.headers(), "Content-Type": "multipart/form-data; boundary=b0undary"},
        )
        assert response.status_code == 202, response.text
        assert response.json()["filename"] == "soc2.pdf"

    def test_same_file_returns_existing_report(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        content = soc2_type2_pdf(marker=uuid.uuid4().hex)
        first = upload(client, tenant, vendor["id"], content)
        second = upload(client, tenant, vendor["id"], content)
        assert first.status_code == 202
        assert second.status_code == 200
        assert first.json()["id"] == second.json()["id"]
        listed = client.get(f"/v1/vendors/{vendor['id']}/reports", headers=tenant.headers()).json()
        assert [r["id"] for r in listed["items"]] == [first.json()["id"]]

    def test_idempotency_key_replays(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        key = f"upload-{uuid.uuid4()}"
        first = upload(
            client,
            tenant,
            vendor["id"],
            soc2_type2_pdf(marker="a" + key),
            **{"Idempotency-Key": key},
        )
        # A retry of the same request (even if the client re-encoded the body) replays.
        again = upload(
            client,
            tenant,
            vendor["id"],
            soc2_type2_pdf(marker="a" + key),
            **{"Idempotency-Key": key},
        )
        assert first.status_code == again.status_code == 202
        assert again.json()["id"] == first.json()["id"]
        # The key used on another endpoint is refused, not silently replayed.
        other = client.post(
            "/v1/vendors", json=vendor_body(), headers={**tenant.headers(), "Idempotency-Key": key}
        )
        assert other.status_code == 422
        assert other.json()["code"] == "idempotency_key_reused"

    def test_not_a_pdf_by_content_is_415(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        response = upload(client, tenant, vendor["id"], b"<html>this is not a pdf</html>")
        assert response.status_code == 415
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "not_a_pdf"

    def test_empty_file_is_422(self, client: TestClient, tenant: Tenant, vendor: dict) -> None:
        response = upload(client, tenant, vendor["id"], b"")
        assert response.status_code == 422
        assert response.json()["code"] == "empty_file"

    def test_too_large_is_413(
        self, client: TestClient, tenant: Tenant, vendor: dict, settings: Settings
    ) -> None:
        content = b"%PDF-1.7\n" + b"0" * (settings.max_upload_bytes + 1)
        response = upload(client, tenant, vendor["id"], content)
        assert response.status_code == 413
        assert response.json()["code"] == "file_too_large"
        listed = client.get(f"/v1/vendors/{vendor['id']}/reports", headers=tenant.headers()).json()
        assert listed["items"] == []

    def test_too_large_without_content_length_is_413(
        self, client: TestClient, tenant: Tenant, vendor: dict, settings: Settings
    ) -> None:
        # Only the file is over the limit, the declared length of a small body can't tell:
        # the store cuts it while streaming.
        content = b"%PDF-1.7\n" + b"0" * (settings.max_upload_bytes + 10)

        def chunks():  # type: ignore[no-untyped-def]
            boundary = b"--b0undary"
            yield (
                boundary + b'\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
            )
            yield b"Content-Type: application/pdf\r\n\r\n"
            yield content
            yield b"\r\n" + boundary + b"--\r\n"

        response = client.post(
            f"/v1/vendors/{vendor['id']}/reports",
            content=chunks(),
            headers={**tenant.headers(), "Content-Type": "multipart/form-data; boundary=b0undary"},
        )
        assert response.status_code == 413
        assert response.json()["code"] == "file_too_large"

    def test_missing_file_field_is_422(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        response = client.post(
            f"/v1/vendors/{vendor['id']}/reports", data={"x": "1"}, headers=tenant.headers()
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"


class TestListReports:
    @pytest.mark.parametrize("position", [-1, "2026-01-01T00:00:00+00:00", None, 1.5])
    def test_a_cursor_that_is_not_a_position_is_422(
        self, client: TestClient, tenant: Tenant, vendor: dict, position: object
    ) -> None:
        # Found by the API fuzzer: a well-formed cursor of another list was a 500.
        response = client.get(
            f"/v1/vendors/{vendor['id']}/reports",
            params={"cursor": encode_cursor(position, uuid.uuid4())},
            headers=tenant.headers(),
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "invalid_input"

    def test_pages_visit_every_report_once(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        ids = {
            upload(client, tenant, vendor["id"], soc2_type2_pdf(marker=str(i))).json()["id"]
            for i in range(3)
        }
        seen: list[str] = []
        params: dict[str, object] = {"limit": 2}
        while True:
            page = client.get(
                f"/v1/vendors/{vendor['id']}/reports", params=params, headers=tenant.headers()
            ).json()
            seen += [r["id"] for r in page["items"]]
            if page["next_cursor"] is None:
                break
            params["cursor"] = page["next_cursor"]
        assert sorted(seen) == sorted(ids)


class TestTenancyAndRoles:
    def test_other_org_sees_nothing(
        self, client: TestClient, tenant: Tenant, other_tenant: Tenant, vendor: dict
    ) -> None:
        report = upload(
            client, tenant, vendor["id"], soc2_type2_pdf(marker=uuid.uuid4().hex)
        ).json()
        headers = other_tenant.headers()
        for path in (
            f"/v1/reports/{report['id']}",
            f"/v1/reports/{report['id']}/file",
            f"/v1/vendors/{vendor['id']}/reports",
        ):
            assert client.get(path, headers=headers).status_code == 404, path
        assert (
            client.post(f"/v1/reports/{report['id']}/reparse", headers=headers).status_code == 404
        )
        assert (
            client.patch(
                f"/v1/reports/{report['id']}",
                json={"corrections": {"opinion": "qualified"}, "reason": "x"},
                headers=headers,
            ).status_code
            == 404
        )
        response = upload(client, other_tenant, vendor["id"], soc2_type2_pdf(marker="x"))
        assert response.status_code == 404

    @pytest.mark.parametrize("role", ["read_only", "reviewer"])
    def test_only_procurement_and_admin_upload(
        self, client: TestClient, tenant: Tenant, vendor: dict, role: str
    ) -> None:
        response = client.post(
            f"/v1/vendors/{vendor['id']}/reports",
            files={"file": ("r.pdf", soc2_type2_pdf(marker=role), "application/pdf")},
            headers=tenant.headers(role),
        )
        assert response.status_code == 403

    @pytest.mark.parametrize("role", ["read_only", "procurement"])
    def test_only_reviewer_and_admin_correct(
        self, client: TestClient, tenant: Tenant, vendor: dict, role: str
    ) -> None:
        report = upload(
            client, tenant, vendor["id"], soc2_type2_pdf(marker=uuid.uuid4().hex)
        ).json()
        response = client.patch(
            f"/v1/reports/{report['id']}",
            json={"corrections": {"opinion": "qualified"}, "reason": "x"},
            headers=tenant.headers(role),
        )
        assert response.status_code == 403

    def test_correcting_an_unparsed_report_is_422(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        report = upload(
            client, tenant, vendor["id"], soc2_type2_pdf(marker=uuid.uuid4().hex)
        ).json()
        response = client.patch(
            f"/v1/reports/{report['id']}",
            json={"corrections": {"opinion": "qualified"}, "reason": "x"},
            headers=tenant.headers("reviewer"),
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"
