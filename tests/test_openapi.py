from __future__ import annotations

from scripts.export_openapi import OPENAPI_PATH, render


def test_committed_openapi_matches_the_app() -> None:
    assert OPENAPI_PATH.read_text() == render(), (
        "openapi/openapi.json is stale: run `make openapi` and commit the result"
    )
