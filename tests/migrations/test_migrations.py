"""Migrations are the only way the schema is made: they must be whole, reversible, and
agree with the models, on SQLite and on PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

import vendor_core.models  # noqa: F401  (registers the tables)
from vendor_core.db import Base
from vendor_core.schema import alembic_config, downgrade, upgrade


def test_single_head(migrated_database: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(migrated_database))
    assert len(script.get_heads()) == 1


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_downgrade_to_base_and_up_again(migrated_database: str, engine: Engine) -> None:
    tables = set(Base.metadata.tables)
    script = ScriptDirectory.from_config(alembic_config(migrated_database))
    revisions = [r.revision for r in script.walk_revisions()]  # head first
    try:
        downgrade(migrated_database, "base")
        assert set(inspect(engine).get_table_names()) & tables == set()
        # Step up one revision at a time, then back down one step, then up: each
        # migration's downgrade undoes its upgrade.
        for revision in reversed(revisions):
            upgrade(migrated_database, revision)
            downgrade(migrated_database, "-1")
            upgrade(migrated_database, revision)
    finally:
        upgrade(migrated_database, "head")
    assert tables <= set(inspect(engine).get_table_names())
