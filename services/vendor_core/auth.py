"""API keys: random tokens shown once, stored as SHA-256, resolved to an org and a role."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_core.errors import InvalidInput, Unauthenticated
from vendor_core.models import ApiKey, Organization, Role

TOKEN_PREFIX = "vrk_"


@dataclass(frozen=True)
class Principal:
    """Who is calling: every query is scoped to `organization_id`."""

    organization_id: uuid.UUID
    api_key_id: uuid.UUID
    role: Role


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_or_create_organization(session: Session, *, name: str) -> Organization:
    """The organization with this name, created if new."""
    org = session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name)
        session.add(org)
        session.flush()
    return org


def create_api_key(
    session: Session, *, organization: Organization, role: str, name: str | None = None
) -> tuple[ApiKey, str]:
    """A new key for the org; returns the row and the token (the only time it exists)."""
    try:
        role_value = Role(role)
    except ValueError:
        raise InvalidInput(
            f"unknown role {role!r}; one of: {', '.join(r.value for r in Role)}"
        ) from None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        organization_id=organization.id,
        role=role_value.value,
        name=name,
        prefix=token[:12],
        token_hash=_hash(token),
    )
    session.add(key)
    session.flush()
    return key, token


def authenticate(session: Session, token: str) -> Principal:
    """The principal for a bearer token; Unauthenticated for unknown or revoked keys."""
    key = session.scalar(select(ApiKey).where(ApiKey.token_hash == _hash(token)))
    if key is None or key.revoked_at is not None:
        raise Unauthenticated("invalid or revoked API key")
    return Principal(organization_id=key.organization_id, api_key_id=key.id, role=Role(key.role))


def has_any_key(session: Session) -> bool:
    return session.scalar(select(ApiKey.id).limit(1)) is not None
