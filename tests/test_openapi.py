from __future__ import annotations

import json

from scripts.export_openapi import OPENAPI_PATH, render


def test_committed_openapi_matches_the_app() -> None:
    assert OPENAPI_PATH.read_text() == render(), (
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    )


def test_every_error_a_route_can_return_is_declared_as_problem_json() -> None:
    # The API fuzzer found 422s (path, query) sent as problem+json but declared as FastAPI's
    # default application/json body, and unauthenticated/forbidden answers left undeclared.
    document = json.loads(render())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            label = f"{method.upper()} {path}"
            expected = set()
            if operation.get("parameters") or "requestBody" in operation:
                expected.add("422")
            if operation.get("security"):
                expected |= {"401", "403"}
            for status in expected:
                declared = operation["responses"].get(status, {}).get("content", {})
                schema = declared.get("application/problem+json", {}).get("schema")
                assert schema == {"$ref": "#/components/schemas/Problem"}, (label, status)
