"""Per-process worker state, built after fork (pooled connections must not cross it)."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

session_factory: sessionmaker[Session] | None = None


def sessions() -> sessionmaker[Session]:
    if session_factory is None:
        raise RuntimeError("worker process not initialised (worker_process_init did not run)")
    return session_factory
