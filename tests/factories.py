"""Plain factories: add rows through the core services and commit them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from vendor_core import auth
from vendor_core.db import unit_of_work
from vendor_core.models import Role


@dataclass
class Tenant:
    """An organization with one API key per role."""

    organization_id: uuid.UUID
    name: str
    tokens: dict[Role, str] = field(default_factory=dict)

    def headers(self, role: Role | str = Role.admin) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[Role(role)]}"}


def make_tenant(factory: sessionmaker[Session], name: str | None = None) -> Tenant:
    name = name or f"org-{uuid.uuid4().hex[:10]}"
    with unit_of_work(factory) as session:
        org = auth.get_or_create_organization(session, name=name)
        tenant = Tenant(organization_id=org.id, name=name)
        for role in Role:
            _, token = auth.create_api_key(session, organization=org, role=role.value)
            tenant.tokens[role] = token
        session.commit()
    return tenant


def vendor_body(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "name": f"Vendor {uuid.uuid4().hex[:6]}",
        "criticality": "high",
        "data_profile": {"handles_personal_data": True, "handles_customer_data": True},
    }
    body.update(overrides)
    return body
