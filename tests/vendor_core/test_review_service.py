"""The review use cases on the real database: the needs_review rule, corrections, rescoring
(what the worker's `scoring.rescore_organization` runs per vendor) and overrides lapsing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import Tenant, make_extraction, make_parsed_report, make_tenant
from vendor_core.db import unit_of_work, utcnow
from vendor_core.errors import InvalidInput
from vendor_core.models import (
    AuditLogEntry,
    Event,
    Report,
    ReportStatus,
    RiskOverride,
    RiskScore,
    Vendor,
)
from vendor_core.reports import service as reports_service
from vendor_core.risk import service as risk_service
from vendor_core.scoring.policy import DEFAULT_POLICY, ScoringPolicy

SessionFactory = sessionmaker[Session]
TODAY = utcnow().date()


@pytest.fixture
def tenant(session_factory: SessionFactory) -> Tenant:
    return make_tenant(session_factory)


@pytest.fixture
def session(session_factory: SessionFactory) -> Iterator[Session]:
    with unit_of_work(session_factory) as session:
        yield session


def new_vendor(factory: SessionFactory, tenant: Tenant, criticality: str = "medium") -> str:
    with unit_of_work(factory) as session:
        vendor = Vendor(
            organization_id=tenant.organization_id, name="Acme", criticality=criticality
        )
        session.add(vendor)
        session.flush()
        risk_service.rescore_vendor(session, vendor=vendor, trigger="vendor.created", today=TODAY)
        session.commit()
        return str(vendor.id)


def load(session: Session, report_id: str) -> Report:
    report = session.get(Report, uuid.UUID(report_id))
    assert report is not None
    return report


def scores(session: Session, vendor_id: str) -> list[RiskScore]:
    return risk_service.score_history(session, vendor_id=uuid.UUID(vendor_id)).items


def risk_events(session: Session, vendor_id: str) -> list[Event]:
    events = session.scalars(select(Event).where(Event.type == "vendor.risk_changed"))
    return [event for event in events if event.data["vendor_id"] == vendor_id]


def confidence(**low: float) -> dict[str, float]:
    return {"report_kind": 0.99, "report_type": 0.9, "period_end": 0.9, "opinion": 0.9, **low}


class TestNeedsReviewRule:
    @pytest.mark.parametrize(
        ("overrides", "status"),
        [
            ({}, ReportStatus.parsed),
            ({"report_kind": "unknown", "report_type": None}, ReportStatus.needs_review),
            ({"confidence": confidence(report_kind=0.5)}, ReportStatus.needs_review),
            ({"confidence": confidence(report_type=0.59)}, ReportStatus.needs_review),
            ({"confidence": confidence(period_end=0.1)}, ReportStatus.needs_review),
            ({"confidence": confidence(opinion=0.2)}, ReportStatus.needs_review),
            ({"confidence": confidence(opinion=0.6)}, ReportStatus.parsed),  # at the threshold
            # Not a key field: a low confidence there is a scoring doubt, not a review stop.
            ({"confidence": confidence(tsc_categories=0.1)}, ReportStatus.parsed),
        ],
    )
    def test_status_after_a_parse(
        self,
        session_factory: SessionFactory,
        session: Session,
        tenant: Tenant,
        overrides: dict,
        status: ReportStatus,
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        report_id = make_parsed_report(
            session_factory,
            tenant=tenant,
            vendor_id=vendor_id,
            extraction=make_extraction(**overrides),
        )
        assert load(session, report_id).status == status

    def test_threshold_is_the_orgs_policy(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        risk_service.set_policy(
            session,
            organization_id=tenant.organization_id,
            policy=ScoringPolicy(low_confidence_threshold=0.95),
            actor_api_key_id=None,
        )
        session.commit()
        vendor_id = new_vendor(session_factory, tenant)
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor_id, extraction=make_extraction()
        )
        assert load(session, report_id).status == ReportStatus.needs_review

    def test_a_reparse_keeps_the_reviewers_confirmation(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        doubtful = make_extraction(confidence=confidence(opinion=0.3))
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor_id, extraction=doubtful
        )
        report = load(session, report_id)
        reports_service.apply_corrections(
            session,
            report=report,
            corrections={"opinion": "unqualified"},
            reason="checked p. 4",
            actor_api_key_id=None,
            policy=DEFAULT_POLICY,
        )
        assert report.status == ReportStatus.parsed
        # The parser runs again and is as unsure as before: the reviewer's word still holds.
        reports_service.request_reparse(session, report=report)
        assert reports_service.start_parse(session, report=report)
        reports_service.record_extraction(
            session, report=report, extraction=doubtful, parser_version="2", policy=DEFAULT_POLICY
        )
        assert report.status == ReportStatus.parsed
        assert report.corrections == {"opinion": "unqualified"}

    def test_a_correction_leaves_a_report_being_parsed_alone(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        report_id = make_parsed_report(
            session_factory,
            tenant=tenant,
            vendor_id=vendor_id,
            extraction=make_extraction(report_kind="unknown"),
        )
        report = load(session, report_id)
        reports_service.request_reparse(session, report=report)
        reports_service.apply_corrections(
            session,
            report=report,
            corrections={"report_kind": "soc2"},
            reason="title page",
            actor_api_key_id=None,
            policy=DEFAULT_POLICY,
        )
        assert report.status == ReportStatus.queued  # the worker still has it
        assert report.report_kind == "soc2"


class TestApplyCorrections:
    def test_unparsed_report_cannot_be_corrected(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        report = Report(
            organization_id=tenant.organization_id,
            vendor_id=uuid.UUID(vendor_id),
            sha256=uuid.uuid4().hex * 2,
            size_bytes=1,
            corrections={},
        )
        session.add(report)
        session.flush()
        with pytest.raises(InvalidInput):
            reports_service.apply_corrections(
                session,
                report=report,
                corrections={"opinion": "adverse"},
                reason="x",
                actor_api_key_id=None,
                policy=DEFAULT_POLICY,
            )

    def test_values_are_stored_normalised_and_effective_columns_follow(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor_id, extraction=make_extraction()
        )
        report = load(session, report_id)
        reports_service.apply_corrections(
            session,
            report=report,
            corrections={"period_end": "2024-06-30", "report_type": "type1"},
            reason="as-of date on p. 1",
            actor_api_key_id=None,
            policy=DEFAULT_POLICY,
        )
        assert report.corrections == {"period_end": "2024-06-30", "report_type": "type1"}
        assert report.period_end == dt.date(2024, 6, 30)
        assert report.report_type == "type1"
        assert report.expires_at == dt.date(2025, 6, 30)
        (audit,) = session.scalars(
            select(AuditLogEntry).where(AuditLogEntry.entity_id == report.id)
        ).all()
        assert audit.before == {
            "period_end": make_extraction().period_end.isoformat(),  # type: ignore[union-attr]
            "report_type": "type2",
        }


class TestRescoreVendor:
    def test_a_new_score_and_event_only_when_something_changed(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        assert len(scores(session, vendor_id)) == 1
        assert risk_events(session, vendor_id) == []  # a first score is no change
        vendor = session.get(Vendor, uuid.UUID(vendor_id))
        assert vendor is not None
        again = risk_service.rescore_vendor(session, vendor=vendor, trigger="noop", today=TODAY)
        assert again.trigger == "vendor.created"  # the unchanged score is kept, not repeated
        assert len(scores(session, vendor_id)) == 1
        assert risk_events(session, vendor_id) == []

        vendor.criticality = "critical"
        changed = risk_service.rescore_vendor(
            session, vendor=vendor, trigger="vendor.updated", today=TODAY
        )
        assert changed.score > again.score
        assert [s.id for s in scores(session, vendor_id)] == [changed.id, again.id]
        (event,) = risk_events(session, vendor_id)
        assert event.data["previous"]["score"] == again.score
        assert event.data["current"]["score"] == changed.score
        assert vendor.current_score == changed.score

    def test_counts_a_report_queued_for_reparse_but_not_a_failed_one(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor_id, extraction=make_extraction()
        )
        vendor = session.get(Vendor, uuid.UUID(vendor_id))
        report = load(session, report_id)
        assert vendor is not None
        reports_service.request_reparse(session, report=report)
        queued = risk_service.rescore_vendor(session, vendor=vendor, trigger="t", today=TODAY)
        assert queued.report_ids == [report_id]
        assert reports_service.start_parse(session, report=report)
        processing = risk_service.rescore_vendor(session, vendor=vendor, trigger="t", today=TODAY)
        assert processing.report_ids == [report_id]
        reports_service.record_failure(session, report=report, code="unreadable_pdf", detail="x")
        failed = risk_service.rescore_vendor(session, vendor=vendor, trigger="t", today=TODAY)
        assert failed.report_ids == []

    def test_policy_change_then_rescore_as_the_worker_does(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        """`scoring.rescore_organization` refreshes each report's expiry under the new policy
        and rescores each vendor; the same steps here, through the core functions."""
        vendor_id = new_vendor(session_factory, tenant, criticality="high")
        period_end = TODAY - dt.timedelta(days=200)
        report_id = make_parsed_report(
            session_factory,
            tenant=tenant,
            vendor_id=vendor_id,
            extraction=make_extraction(
                period_start=(period_end - dt.timedelta(days=364)).isoformat(),
                period_end=period_end.isoformat(),
            ),
        )
        vendor = session.get(Vendor, uuid.UUID(vendor_id))
        assert vendor is not None
        before = risk_service.latest_score(session, vendor_id=vendor.id)
        assert before is not None and before.policy_version == 0
        version = risk_service.set_policy(
            session,
            organization_id=tenant.organization_id,
            policy=ScoringPolicy(currency_months=6),
            actor_api_key_id=None,
        )
        assert version == 1
        policy, current = risk_service.current_policy(
            session, organization_id=tenant.organization_id
        )
        assert (policy.currency_months, current) == (6, 1)
        for report in reports_service.scored_reports(session, vendor_id=vendor.id):
            reports_service.refresh_expiry(session, report=report, policy=policy)
        after = risk_service.rescore_vendor(
            session, vendor=vendor, trigger="scoring_policy.updated", today=TODAY
        )
        report = load(session, report_id)
        assert report.expires_at is not None and report.expires_at < TODAY
        assert after.policy_version == 1
        assert after.score > before.score  # six months of currency: the report has expired
        assert "only_expired_report" in {f["code"] for f in after.factors}
        assert vendor.next_expiry is None
        assert after.rating in ("high", "critical")  # a high vendor without a current report


class TestOverrides:
    def test_expired_override_is_not_active(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        vendor = session.get(Vendor, uuid.UUID(vendor_id))
        assert vendor is not None
        expires = utcnow() + dt.timedelta(days=1)
        risk_service.set_override(
            session,
            vendor=vendor,
            rating="critical",
            reason="r",
            expires_at=expires,
            actor_api_key_id=None,
        )
        just_before = expires - dt.timedelta(microseconds=1)
        assert risk_service.active_override(session, vendor_id=vendor.id, now=just_before)
        assert risk_service.active_override(session, vendor_id=vendor.id, now=expires) is None

    def test_a_rescore_after_expiry_shows_the_computed_rating(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        vendor_id = new_vendor(session_factory, tenant)
        vendor = session.get(Vendor, uuid.UUID(vendor_id))
        assert vendor is not None
        override = risk_service.set_override(
            session,
            vendor=vendor,
            rating="critical",
            reason="r",
            expires_at=utcnow() + dt.timedelta(days=1),
            actor_api_key_id=None,
        )
        assert vendor.current_rating == "critical"
        override.expires_at = utcnow() - dt.timedelta(seconds=1)
        vendor.criticality = "low"  # anything that rescores
        score = risk_service.rescore_vendor(session, vendor=vendor, trigger="t", today=TODAY)
        assert score.rating != "critical"
        assert vendor.current_rating == score.rating

    def test_lapse_expired_overrides(
        self, session_factory: SessionFactory, session: Session, tenant: Tenant
    ) -> None:
        lapsing, lasting, permanent = (new_vendor(session_factory, tenant) for _ in range(3))
        vendors = {v: session.get(Vendor, uuid.UUID(v)) for v in (lapsing, lasting, permanent)}
        now = utcnow()
        for vendor_id, expires in (
            (lapsing, now + dt.timedelta(hours=1)),
            (lasting, now + dt.timedelta(days=3)),
            (permanent, None),
        ):
            vendor = vendors[vendor_id]
            assert vendor is not None
            risk_service.set_override(
                session,
                vendor=vendor,
                rating="critical",
                reason="r",
                expires_at=expires,
                actor_api_key_id=None,
            )
        later = now + dt.timedelta(days=1)
        mine = {uuid.UUID(v) for v in vendors}
        # The sweep lapses every org's overrides; other tests' rows may be in the database.
        lapsed = risk_service.lapse_expired_overrides(session, now=later)
        assert set(lapsed) & mine == {uuid.UUID(lapsing)}
        computed = risk_service.latest_score(session, vendor_id=uuid.UUID(lapsing))
        assert computed is not None and computed.rating != "critical"
        assert vendors[lapsing].current_rating == computed.rating  # type: ignore[union-attr]
        assert vendors[lasting].current_rating == "critical"  # type: ignore[union-attr]
        assert vendors[permanent].current_rating == "critical"  # type: ignore[union-attr]
        remaining = session.scalars(select(RiskOverride.vendor_id)).all()
        assert uuid.UUID(lapsing) not in remaining
        (audit,) = session.scalars(
            select(AuditLogEntry).where(
                AuditLogEntry.entity_id == uuid.UUID(lapsing),
                AuditLogEntry.action == "risk.override_expired",
            )
        ).all()
        assert audit.before is not None and audit.before["rating"] == "critical"
        assert risk_service.lapse_expired_overrides(session, now=later) == []
