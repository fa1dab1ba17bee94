"""Run Alembic migrations: the only way the schema is made, in production and in tests."""

from __future__ import annotations

import sysconfig
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config

from vendor_core.db import make_engine


def migrations_dir() -> Path:
    # A checkout (editable install, Docker image) has ./migrations beside services/; a
    # wheel carries them as `vendor_migrations` (see pyproject's force-include).
    in_checkout = Path(__file__).resolve().parents[2] / "migrations"
    if in_checkout.is_dir():
        return in_checkout
    return Path(sysconfig.get_paths()["purelib"]) / "vendor_migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _run(database_url: str, step: Callable[[Config], None]) -> None:
    engine = make_engine(database_url, pool_size=1)
    try:
        with engine.begin() as connection:
            config = alembic_config(database_url)
            config.attributes["connection"] = connection
            step(config)
    finally:
        engine.dispose()


def upgrade(database_url: str, revision: str = "head") -> None:
    _run(database_url, lambda config: command.upgrade(config, revision))


def downgrade(database_url: str, revision: str) -> None:
    _run(database_url, lambda config: command.downgrade(config, revision))
