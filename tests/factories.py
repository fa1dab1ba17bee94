"""Plain factories: add rows through the core services and commit them."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from vendor_core import auth
from vendor_core.db import unit_of_work, utcnow
from vendor_core.models import Report, ReportStatus, Role, Vendor
from vendor_core.reports import service as reports_service
from vendor_core.reports.extraction import Extraction
from vendor_core.risk import service as risk_service


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


def make_extraction(**overrides: object) -> Extraction:
    """A clean, current SOC 2 type 2 extraction (period ended 60 days ago); override any field.

    Fields are given as JSON values (dates as ISO strings, enums as their values), as a
    parser or reviewer would send them.
    """
    period_end = utcnow().date() - dt.timedelta(days=60)
    period_start = period_end.replace(year=period_end.year - 1) + dt.timedelta(days=1)
    document: dict[str, object] = {
        "source": {"sha256": secrets.token_hex(32), "pages": 80},
        "report_kind": "soc2",
        "report_type": "type2",
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "tsc_categories": ["security", "availability", "confidentiality", "privacy"],
        "opinion": "unqualified",
        "service_organization": "Example Corp",
        "service_auditor": "Example Auditors LLP",
        "report_date": (period_end + dt.timedelta(days=30)).isoformat(),
        "evidence": {"opinion": [{"page": 4, "text": "In our opinion, in all material respects"}]},
        "confidence": {
            "report_kind": 0.99,
            "report_type": 0.95,
            "period_end": 0.95,
            "opinion": 0.9,
        },
    }
    document.update(overrides)
    return Extraction.model_validate(document)


def make_parsed_report(
    factory: sessionmaker[Session],
    *,
    tenant: Tenant,
    vendor_id: uuid.UUID | str,
    extraction: Extraction,
) -> str:
    """A parsed report (no stored file) recorded by the real service code; the vendor is
    rescored as the worker would. Returns the report id."""
    vendor_uuid = uuid.UUID(str(vendor_id))
    with unit_of_work(factory) as session:
        vendor = session.get(Vendor, vendor_uuid)
        assert vendor is not None and vendor.organization_id == tenant.organization_id
        report = Report(
            organization_id=tenant.organization_id,
            vendor_id=vendor_uuid,
            sha256=secrets.token_hex(32),
            size_bytes=0,
            status=ReportStatus.processing,
            corrections={},
            attempts=1,
        )
        session.add(report)
        session.flush()
        policy, _ = risk_service.current_policy(session, organization_id=tenant.organization_id)
        reports_service.record_extraction(
            session, report=report, extraction=extraction, parser_version="test", policy=policy
        )
        risk_service.rescore_vendor(
            session, vendor=vendor, trigger="report.parsed", today=utcnow().date()
        )
        session.commit()
        return str(report.id)
