"""Property-based fuzzing of the whole HTTP API against its own OpenAPI document.

Schemathesis drives the real app in-process (ASGI) with valid and invalid requests for every
operation, authenticated as an admin of a fresh tenant that owns one of each resource, and
checks that nothing is a server error, that every response is declared by the document (status,
content type, body shape) and that every 4xx is problem+json with a stable `code`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import checks
from schemathesis.python import asgi
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import Tenant, make_extraction, make_tenant, vendor_body
from tests.pdfs import soc2_type2_pdf
from vendor_api.main import create_app
from vendor_core.db import make_session_factory, unit_of_work, utcnow
from vendor_core.models import Report, ReportStatus, Vendor
from vendor_core.pagination import encode_cursor
from vendor_core.reports import service as reports_service
from vendor_core.risk import service as risk_service

PROBLEM_JSON = "application/problem+json"


def problem_json_for_client_errors(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Every 4xx is RFC 9457 problem+json carrying a stable `code` (DESIGN.md, errors)."""
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.split(";")[0].strip() == PROBLEM_JSON, (
            f"{response.status_code} with Content-Type {content_type!r}, not {PROBLEM_JSON}"
        )
        body = response.json()
        assert isinstance(body, dict), f"problem body is not an object: {body!r}"
        assert isinstance(body.get("code"), str) and body["code"], f"no `code` in {body!r}"
        assert body.get("status") == response.status_code, f"`status` disagrees: {body!r}"
    return None


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    problem_json_for_client_errors,
]


def _seed(
    client: TestClient, factory: sessionmaker[Session], tenant: Tenant
) -> dict[str, list[str]]:
    """One of each resource for the tenant, so fuzzed ids sometimes reach past the 404."""
    headers = tenant.headers()
    vendor = client.post("/v1/vendors", json=vendor_body(), headers=headers)
    assert vendor.status_code == 201, vendor.text
    vendor_id = vendor.json()["id"]
    reports = []
    for marker in ("queued", "parsed"):
        upload = client.post(
            f"/v1/vendors/{vendor_id}/reports",
            files={
                "file": ("report.pdf", soc2_type2_pdf(marker=uuid.uuid4().hex), "application/pdf")
            },
            headers=headers,
        )
        assert upload.status_code == 202, (marker, upload.text)
        reports.append(upload.json()["id"])
    # The second report is parsed as the worker would record it, so corrections apply.
    with unit_of_work(factory) as session:
        report = session.get(Report, uuid.UUID(reports[1]))
        vendor_row = session.get(Vendor, uuid.UUID(vendor_id))
        assert report is not None and vendor_row is not None
        report.status = ReportStatus.processing
        policy, _ = risk_service.current_policy(session, organization_id=tenant.organization_id)
        reports_service.record_extraction(
            session,
            report=report,
            extraction=make_extraction(),
            parser_version="test",
            policy=policy,
        )
        risk_service.rescore_vendor(
            session, vendor=vendor_row, trigger="report.parsed", today=utcnow().date()
        )
        session.commit()
    webhook = client.post("/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=headers)
    assert webhook.status_code == 201, webhook.text
    webhook_id = webhook.json()["id"]
    ping = client.post(f"/v1/webhooks/{webhook_id}/test", headers=headers)
    assert ping.status_code == 202, ping.text
    return {
        "vendor_id": [vendor_id],
        "report_id": reports,
        "webhook_id": [webhook_id],
        "delivery_id": [ping.json()["id"]],
    }


# The document is fetched from the app itself (tests/test_openapi.py keeps the committed copy
# equal to it). Loaded at import rather than through `schemathesis.pytest.from_fixture`, whose
# lazy loader sets `Item._nodeid`, which pytest 9 no longer has. Schemathesis keeps the app's
# lifespan running for the process; the `fuzz_tenant` fixture ends it.
app = create_app()
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# Ids the fuzzing tenant owns, by path parameter name; filled by the `fuzz_tenant` fixture.
SEEDED: dict[str, list[str]] = {}


@schema.hook
def flatmap_path_parameters(
    context: schemathesis.HookContext, path_parameters: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    # Often an id is one the tenant owns, so requests get past the 404. Deletes only
    # ever get a fuzzed id: the seeded resources survive for the operations that follow.
    if not path_parameters or context.operation.method.upper() == "DELETE":
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from([value, *SEEDED.get(name, [])])
            for name, value in path_parameters.items()
        }
    )


# Cursors are opaque base64'd JSON: random text rarely decodes, so also send well-formed
# cursors with any sort value (another list's cursor, a hand-edited one).
foreign_cursors = st.builds(
    lambda value, row_id: encode_cursor(value, row_id),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
        st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    ),
    st.uuids(),
)


@schema.hook
def flatmap_query(
    context: schemathesis.HookContext, query: dict[str, Any] | None
) -> st.SearchStrategy[dict[str, Any] | None]:
    if not isinstance(query, dict) or "cursor" not in query:
        return st.just(query)
    return st.one_of(st.just(query), foreign_cursors.map(lambda c: {**query, "cursor": c}))


@pytest.fixture(scope="module")
def fuzz_tenant(migrated_database: str, engine: Engine) -> Iterator[Tenant]:
    factory = make_session_factory(engine)
    tenant = make_tenant(factory)
    with TestClient(app, raise_server_exceptions=False) as client:
        SEEDED.update(_seed(client, factory, tenant))
    yield tenant
    SEEDED.clear()
    # End the lifespan Schemathesis started (disposing the app's engine) before the
    # database is dropped.
    asgi.shutdown_lifespans()


# About 15-25 s for every operation on either database: "slow" as pyproject defines it.
@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,
    # Generating multipart bodies and JSON with many optional fields is slow, and the
    # filters for invalid data discard a lot: neither is a problem with the API.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case, fuzz_tenant: Tenant) -> None:
    case.call_and_validate(headers=fuzz_tenant.headers(), checks=CHECKS)
