from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, make_tenant
from vendor_api.main import create_app


@pytest.fixture(scope="session")
def client(migrated_database: str) -> Iterator[TestClient]:
    # raise_server_exceptions=False: a 500 is asserted as the client sees it.
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def tenant(session_factory) -> Tenant:  # type: ignore[no-untyped-def]
    return make_tenant(session_factory)


@pytest.fixture
def other_tenant(session_factory) -> Tenant:  # type: ignore[no-untyped-def]
    return make_tenant(session_factory)
