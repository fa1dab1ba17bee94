"""Test configuration: real databases and brokers, migrated by Alembic.

By default the suite runs on the embedded default (a SQLite file, kombu's SQLite transport).
With VENDOR_RISK_TEST_DATABASE_URL (a PostgreSQL server URL) and VENDOR_RISK_TEST_BROKER_URL
(Redis or RabbitMQ) set, it runs against those servers: each session creates its own
database and drops it afterwards.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

# Settings are read from the environment: set it before any application module is imported.
_VAR = Path(tempfile.mkdtemp(prefix="vendor-risk-test-"))
_PG_SERVER = os.environ.get("VENDOR_RISK_TEST_DATABASE_URL")
_BROKER = os.environ.get("VENDOR_RISK_TEST_BROKER_URL")
_TEST_DB_NAME = f"vendor_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"

os.environ["VENDOR_RISK_ENVIRONMENT"] = "test"
os.environ["VENDOR_RISK_VAR_DIR"] = str(_VAR)
if _PG_SERVER:
    from sqlalchemy import make_url

    os.environ["VENDOR_RISK_DATABASE_URL"] = (
        make_url(_PG_SERVER).set(database=_TEST_DB_NAME).render_as_string(hide_password=False)
    )
else:
    os.environ.pop("VENDOR_RISK_DATABASE_URL", None)
if _BROKER:
    os.environ["VENDOR_RISK_BROKER_URL"] = _BROKER
    # A queue of this run's own: concurrent runs on one broker must not take each other's jobs.
    os.environ["VENDOR_RISK_QUEUE_NAME"] = _TEST_DB_NAME
else:
    os.environ.pop("VENDOR_RISK_BROKER_URL", None)
for _name in ("VENDOR_RISK_BLOB_DIR", "VENDOR_RISK_SECRET_KEY", "VENDOR_RISK_MAX_UPLOAD_MB"):
    os.environ.pop(_name, None)
os.environ["VENDOR_RISK_MAX_UPLOAD_MB"] = "5"
os.environ["VENDOR_RISK_STUCK_AFTER_S"] = "10"
# Webhook receivers in the tests listen on loopback; the refusal is tested explicitly.
os.environ["VENDOR_RISK_WEBHOOK_ALLOW_PRIVATE"] = "true"
os.environ["VENDOR_RISK_WEBHOOK_TIMEOUT_S"] = "2"
os.environ["VENDOR_RISK_DISPATCH_INTERVAL_S"] = "2"

from sqlalchemy import Engine, create_engine, text  # noqa: E402

from vendor_core.config import Settings, get_settings  # noqa: E402
from vendor_core.db import make_engine, make_session_factory  # noqa: E402


def _create_pg_database() -> None:
    assert _PG_SERVER
    admin = create_engine(_PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{_TEST_DB_NAME}"'))
    admin.dispose()


def _drop_pg_database() -> None:
    assert _PG_SERVER
    admin = create_engine(_PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{_TEST_DB_NAME}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def migrated_database(settings: Settings) -> Iterator[str]:
    """The session's database, created empty and migrated to head by Alembic."""
    from vendor_core.schema import upgrade

    if _PG_SERVER:
        _create_pg_database()
    upgrade(settings.database_url)
    yield settings.database_url
    if _PG_SERVER:
        _drop_pg_database()
    if settings.broker_url.startswith("redis"):
        import redis

        # Jobs the API tests published with no worker to take them: drop this run's queue.
        redis.Redis.from_url(settings.broker_url).delete(settings.queue_name)


@pytest.fixture(scope="session")
def engine(migrated_database: str) -> Iterator[Engine]:
    engine = make_engine(migrated_database)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine):  # type: ignore[no-untyped-def]
    return make_session_factory(engine)


@pytest.fixture(scope="session")
def tmp_var() -> Path:
    return _VAR
