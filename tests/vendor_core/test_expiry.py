"""Expiry alerts with a frozen clock: each threshold once, only the most urgent when already
past several, only for the newest report of a kind, once even when sweeps race."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import Tenant, make_extraction, make_parsed_report, make_tenant
from vendor_core.db import unit_of_work
from vendor_core.events import expiry
from vendor_core.models import Event, Vendor
from vendor_core.vendors import service as vendors_service

PERIOD_END = dt.date(2025, 6, 30)
EXPIRES = dt.date(2026, 6, 30)  # period end + 12 months (default policy)


@pytest.fixture
def tenant(session_factory: sessionmaker[Session]) -> Tenant:
    return make_tenant(session_factory)


def _vendor(factory: sessionmaker[Session], tenant: Tenant) -> uuid.UUID:
    with unit_of_work(factory) as session:
        vendor = vendors_service.create_vendor(
            session,
            organization_id=tenant.organization_id,
            fields={"name": "Initech", "criticality": "high"},
        )
        session.commit()
        return vendor.id


def _report(
    factory: sessionmaker[Session], tenant: Tenant, vendor_id: uuid.UUID, end: dt.date
) -> str:
    return make_parsed_report(
        factory,
        tenant=tenant,
        vendor_id=vendor_id,
        extraction=make_extraction(
            period_start=(end - dt.timedelta(days=364)).isoformat(),
            period_end=end.isoformat(),
            report_date=(end + dt.timedelta(days=40)).isoformat(),
        ),
    )


def _sweep(
    factory: sessionmaker[Session], vendor_id: uuid.UUID, today: dt.date
) -> list[tuple[str, object]]:
    with unit_of_work(factory) as session:
        vendor = session.get(Vendor, vendor_id)
        assert vendor is not None
        events = expiry.record_due_alerts(session, vendor=vendor, today=today)
        session.commit()
        return [(e.type, e.data.get("threshold_days")) for e in events]


def _alerts(factory: sessionmaker[Session], report_id: str) -> list[tuple[str, object]]:
    with unit_of_work(factory) as session:
        events = session.scalars(
            select(Event)
            .where(Event.type.in_(["report.expiring", "report.expired"]))
            .order_by(Event.created_at)
        )
        return [
            (e.type, e.data.get("threshold_days"))
            for e in events
            if e.data["report_id"] == report_id
        ]


class TestThresholds:
    def test_each_threshold_fires_once_as_time_passes(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        report_id = _report(session_factory, tenant, vendor_id, PERIOD_END)
        timeline = [
            (EXPIRES - dt.timedelta(days=120), []),
            (EXPIRES - dt.timedelta(days=90), [("report.expiring", 90)]),
            (EXPIRES - dt.timedelta(days=89), []),
            (EXPIRES - dt.timedelta(days=30), [("report.expiring", 30)]),
            (EXPIRES - dt.timedelta(days=8), []),
            (EXPIRES - dt.timedelta(days=7), [("report.expiring", 7)]),
            (EXPIRES - dt.timedelta(days=1), []),
            (EXPIRES, [("report.expired", None)]),
            (EXPIRES + dt.timedelta(days=40), []),
        ]
        for today, expected in timeline:
            assert _sweep(session_factory, vendor_id, today) == expected, today
        assert _alerts(session_factory, report_id) == [
            ("report.expiring", 90),
            ("report.expiring", 30),
            ("report.expiring", 7),
            ("report.expired", None),
        ]

    def test_first_seen_past_thresholds_fires_only_the_most_urgent(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        report_id = _report(session_factory, tenant, vendor_id, PERIOD_END)
        assert _sweep(session_factory, vendor_id, EXPIRES - dt.timedelta(days=5)) == [
            ("report.expiring", 7)
        ]
        assert _sweep(session_factory, vendor_id, EXPIRES - dt.timedelta(days=4)) == []
        assert _alerts(session_factory, report_id) == [("report.expiring", 7)]

    def test_already_expired_fires_only_expired(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        report_id = _report(session_factory, tenant, vendor_id, PERIOD_END)
        assert _sweep(session_factory, vendor_id, EXPIRES + dt.timedelta(days=3)) == [
            ("report.expired", None)
        ]
        assert _alerts(session_factory, report_id) == [("report.expired", None)]


class TestSupersession:
    def test_a_newer_report_of_the_kind_silences_the_old_one(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        old = _report(session_factory, tenant, vendor_id, PERIOD_END)
        new = _report(session_factory, tenant, vendor_id, PERIOD_END.replace(year=2026))
        # The old report expires, but the vendor's current report is the new one.
        assert _sweep(session_factory, vendor_id, EXPIRES + dt.timedelta(days=1)) == []
        assert _alerts(session_factory, old) == []
        assert _alerts(session_factory, new) == []
        later = dt.date(2027, 6, 30) - dt.timedelta(days=30)
        assert _sweep(session_factory, vendor_id, later) == [("report.expiring", 30)]
        assert _alerts(session_factory, new) == [("report.expiring", 30)]


class TestRacingSweeps:
    def test_two_sweeps_at_once_record_one_alert(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        report_id = _report(session_factory, tenant, vendor_id, PERIOD_END)
        today = EXPIRES - dt.timedelta(days=20)
        barrier = threading.Barrier(2)
        results: list[object] = []

        def sweep() -> None:
            barrier.wait()
            try:
                results.append(_sweep(session_factory, vendor_id, today))
            except Exception as exc:  # a lost race must not surface as an error
                results.append(exc)

        threads = [threading.Thread(target=sweep) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(isinstance(r, Exception) for r in results), results
        assert _alerts(session_factory, report_id) == [("report.expiring", 30)]

    def test_vendors_due_lists_vendors_inside_the_window(
        self, session_factory: sessionmaker[Session], tenant: Tenant
    ) -> None:
        vendor_id = _vendor(session_factory, tenant)
        _report(session_factory, tenant, vendor_id, PERIOD_END)
        with unit_of_work(session_factory) as session:
            assert vendor_id in expiry.vendors_due_for_alerts(
                session, today=EXPIRES - dt.timedelta(days=90)
            )
            assert vendor_id not in expiry.vendors_due_for_alerts(
                session, today=EXPIRES - dt.timedelta(days=91)
            )
