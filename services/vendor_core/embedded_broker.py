"""The embedded default's broker: kombu's SQLAlchemy transport over a SQLite file, polled
often enough that a job starts within a fraction of a second.

kombu's own SQLAlchemy transport polls an empty queue once a second and cannot be told
otherwise (it forwards every transport option to `create_engine`), so a parse waited up to
a second per hop. Registered as the `embedded+` URL scheme: `embedded+sqlite:///var/broker.db`.
"""

from __future__ import annotations

from kombu.transport import TRANSPORT_ALIASES
from kombu.transport.sqlalchemy import Transport as SqlAlchemyTransport

SCHEME = "embedded"


class EmbeddedTransport(SqlAlchemyTransport):  # type: ignore[misc]
    polling_interval = 0.1


def register() -> None:
    TRANSPORT_ALIASES.setdefault(SCHEME, f"{__name__}:EmbeddedTransport")
