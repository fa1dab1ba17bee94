from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from vendor_api.main import create_app


class TestHealth:
    def test_healthz(self, client: TestClient) -> None:
        assert client.get("/healthz").json() == {"status": "ok"}

    def test_readyz_checks_database_and_broker(self, client: TestClient) -> None:
        response = client.get("/readyz")
        assert response.status_code == 200, response.text
        assert response.json()["checks"] == {"database": "ok", "broker": "ok"}

    def test_readyz_reports_a_down_database(self, settings, migrated_database) -> None:  # type: ignore[no-untyped-def]
        broken = settings.model_copy(
            update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/x"}
        )
        with TestClient(create_app(broken)) as client:
            response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["database"].startswith("error")

    def test_metrics_count_requests_by_route_template(self, client: TestClient) -> None:
        client.get("/v1/vendors/00000000-0000-0000-0000-000000000000")  # 401, no key
        response = client.get("/metrics")
        assert response.status_code == 200
        assert (
            'vendor_risk_http_requests_total{method="GET",route="/v1/vendors/{vendor_id}",'
            'status="401"}' in response.text
        )
        assert "00000000-0000" not in response.text


class TestUnexpectedErrors:
    def test_unknown_error_is_one_logged_500_without_stack(
        self, migrated_database: str, caplog: pytest.LogCaptureFixture
    ) -> None:
        app = create_app()

        @app.get("/boom")
        def boom() -> None:
            raise RuntimeError("secret internals")

        with (
            TestClient(app, raise_server_exceptions=False) as client,
            caplog.at_level(logging.ERROR),
        ):
            response = client.get("/boom")
        assert response.status_code == 500
        body = response.json()
        assert body["code"] == "internal_error"
        assert "secret internals" not in response.text
        assert "Traceback" not in response.text
        assert any("secret internals" in r.getMessage() or r.exc_info for r in caplog.records)

    def test_unknown_route_is_problem_404(self, client: TestClient) -> None:
        response = client.get("/v1/nothing-here")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


class TestWriteConflicts:
    def test_a_lost_uniqueness_race_is_409_not_500(self, migrated_database: str) -> None:
        from sqlalchemy.exc import IntegrityError

        app = create_app()

        @app.get("/race")
        def race() -> None:
            raise IntegrityError("INSERT ...", {}, Exception("duplicate key value"))

        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.get("/race")
        assert response.status_code == 409
        assert response.json()["code"] == "conflict"
        assert "duplicate key" not in response.text
