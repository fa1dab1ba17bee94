"""Dependencies: the session, the caller (API key -> org + role), shared services."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from vendor_core import auth
from vendor_core.config import Settings
from vendor_core.db import unit_of_work
from vendor_core.errors import Forbidden, Unauthenticated
from vendor_core.jobs import Producer
from vendor_core.models import Event, Role
from vendor_core.storage import BlobStore

log = logging.getLogger("vendor_api")


def get_session(request: Request) -> Iterator[Session]:
    producer: Producer = request.app.state.producer
    with unit_of_work(request.app.state.session_factory) as session:
        # Events written by this request are delivered now rather than at the next beat;
        # only after the commit, so the worker finds them. If the broker is down, beat's
        # periodic dispatch still delivers them: the request must not fail for that.
        @sa_event.listens_for(session, "before_flush")
        def _note_events(session: Session, *_: object) -> None:
            if any(isinstance(obj, Event) for obj in session.new):
                session.info["events_written"] = True

        @sa_event.listens_for(session, "after_commit")
        def _dispatch_events(session: Session) -> None:
            if session.info.pop("events_written", False):
                try:
                    producer.enqueue_dispatch()
                except Exception:
                    log.warning(
                        "could not publish the dispatch job; beat will deliver", exc_info=True
                    )

        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> BlobStore:
    store: BlobStore = request.app.state.blob_store
    return store


def get_producer(request: Request) -> Producer:
    producer: Producer = request.app.state.producer
    return producer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
StoreDep = Annotated[BlobStore, Depends(get_store)]
ProducerDep = Annotated[Producer, Depends(get_producer)]

_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer vrk_...`")


def get_principal(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> auth.Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated("missing API key: send `Authorization: Bearer <key>`")
    return auth.authenticate(session, credentials.credentials)


PrincipalDep = Annotated[auth.Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[auth.Principal], auth.Principal]:
    """A dependency admitting only these roles (admin is always admitted)."""
    allowed = {Role.admin, *roles}

    def check(principal: PrincipalDep) -> auth.Principal:
        if principal.role not in allowed:
            raise Forbidden(
                f"the {principal.role.value} role may not do this",
                required_roles=sorted(r.value for r in allowed),
            )
        return principal

    return check


ReaderDep = PrincipalDep
WriterDep = Annotated[auth.Principal, Depends(require(Role.procurement))]
ReviewerDep = Annotated[auth.Principal, Depends(require(Role.reviewer))]
OperatorDep = Annotated[auth.Principal, Depends(require(Role.procurement, Role.reviewer))]
AdminDep = Annotated[auth.Principal, Depends(require())]
