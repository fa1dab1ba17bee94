"""The review workflow through the HTTP API on the real database: corrections, needs_review,
overrides, score history, the work-queue filters and the scoring policy, with the scoring
invariants of DESIGN.md checked through the API rather than the pure model."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from tests.factories import Tenant, make_extraction, make_parsed_report, vendor_body
from vendor_core import auth
from vendor_core.db import unit_of_work, utcnow
from vendor_core.models import AuditLogEntry, Event, RiskOverride, RiskScore
from vendor_core.scoring.policy import DEFAULT_POLICY

SessionFactory = sessionmaker[Session]

# A vendor whose profile adds nothing but its criticality, so the report's factors show.
PLAIN = {"criticality": "medium", "data_profile": {}}


# --------------------------------------------------------------------------- helpers


def new_vendor(client: TestClient, tenant: Tenant, **overrides: Any) -> dict:
    response = client.post("/v1/vendors", json=vendor_body(**overrides), headers=tenant.headers())
    assert response.status_code == 201, response.text
    return response.json()


def get_risk(client: TestClient, tenant: Tenant, vendor_id: str) -> dict:
    response = client.get(f"/v1/vendors/{vendor_id}/risk", headers=tenant.headers("read_only"))
    assert response.status_code == 200, response.text
    return response.json()


def get_report(client: TestClient, tenant: Tenant, report_id: str) -> dict:
    response = client.get(f"/v1/reports/{report_id}", headers=tenant.headers("read_only"))
    assert response.status_code == 200, response.text
    return response.json()


def history(client: TestClient, tenant: Tenant, vendor_id: str) -> list[dict]:
    response = client.get(
        f"/v1/vendors/{vendor_id}/risk/history", headers=tenant.headers("read_only")
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def factor_points(risk: dict) -> dict[str, float]:
    return {factor["code"]: factor["points"] for factor in risk["factors"]}


def patch_report(
    client: TestClient,
    tenant: Tenant,
    report_id: str,
    corrections: dict[str, Any],
    *,
    reason: str = "read off the opinion page",
    role: str = "reviewer",
) -> Any:
    return client.patch(
        f"/v1/reports/{report_id}",
        json={"corrections": corrections, "reason": reason},
        headers=tenant.headers(role),
    )


def correct(
    client: TestClient, tenant: Tenant, report_id: str, corrections: dict[str, Any], **kw: Any
) -> dict:
    response = patch_report(client, tenant, report_id, corrections, **kw)
    assert response.status_code == 200, response.text
    return response.json()


def listed_ids(client: TestClient, tenant: Tenant, **params: Any) -> set[str]:
    response = client.get("/v1/vendors", params=params, headers=tenant.headers("read_only"))
    assert response.status_code == 200, response.text
    return {vendor["id"] for vendor in response.json()["items"]}


def put_override(
    client: TestClient, tenant: Tenant, vendor_id: str, role: str = "reviewer", **body: Any
) -> Any:
    return client.put(
        f"/v1/vendors/{vendor_id}/risk/override", json=body, headers=tenant.headers(role)
    )


def api_key_id(factory: SessionFactory, tenant: Tenant, role: str) -> uuid.UUID:
    with unit_of_work(factory) as session:
        return auth.authenticate(session, tenant.tokens[role]).api_key_id  # type: ignore[index]


def audit_rows(factory: SessionFactory, entity_id: str, action: str) -> list[AuditLogEntry]:
    with unit_of_work(factory) as session:
        return list(
            session.scalars(
                select(AuditLogEntry)
                .where(
                    AuditLogEntry.entity_id == uuid.UUID(entity_id),
                    AuditLogEntry.action == action,
                )
                .order_by(AuditLogEntry.created_at)
            )
        )


def risk_changed_events(factory: SessionFactory, tenant: Tenant, vendor_id: str) -> list[dict]:
    with unit_of_work(factory) as session:
        events = session.scalars(
            select(Event)
            .where(
                Event.organization_id == tenant.organization_id,
                Event.type == "vendor.risk_changed",
            )
            .order_by(Event.created_at)
        )
        return [event.data for event in events if event.data["vendor_id"] == vendor_id]


def days_ago(days: int) -> str:
    return (utcnow().date() - dt.timedelta(days=days)).isoformat()


class RecordingProducer:
    """Stands in for the broker producer: records what the API publishes."""

    def __init__(self) -> None:
        self.rescores: list[uuid.UUID] = []
        self.parses: list[uuid.UUID] = []

    def enqueue_rescore(self, organization_id: uuid.UUID) -> None:
        self.rescores.append(organization_id)

    def enqueue_parse(self, report_id: uuid.UUID) -> None:
        self.parses.append(report_id)


@pytest.fixture
def producer(client: TestClient) -> Iterator[RecordingProducer]:
    # Set and restored by hand: monkeypatch cannot restore an attribute of Starlette's State.
    state = client.app.state  # type: ignore[attr-defined]
    real, state.producer = state.producer, RecordingProducer()
    try:
        yield state.producer
    finally:
        state.producer = real


@pytest.fixture
def vendor(client: TestClient, tenant: Tenant) -> dict:
    return new_vendor(client, tenant, **PLAIN)


@pytest.fixture
def report_id(session_factory: SessionFactory, tenant: Tenant, vendor: dict) -> str:
    """A clean, current SOC 2 type 2 report of `vendor`, parsed."""
    return make_parsed_report(
        session_factory, tenant=tenant, vendor_id=vendor["id"], extraction=make_extraction()
    )


# --------------------------------------------------------------------------- corrections


class TestCorrectReport:
    def test_changes_effective_not_extraction(
        self, client: TestClient, tenant: Tenant, report_id: str
    ) -> None:
        corrected = correct(client, tenant, report_id, {"opinion": "qualified"})
        assert corrected["extraction"]["opinion"] == "unqualified"
        assert corrected["effective"]["opinion"] == "qualified"
        assert corrected["corrections"] == {"opinion": "qualified"}
        assert corrected["opinion"] == "qualified"  # the queryable column follows `effective`
        # Everything not corrected is the parser's value.
        assert {k: v for k, v in corrected["effective"].items() if k != "opinion"} == {
            k: v for k, v in corrected["extraction"].items() if k != "opinion"
        }
        assert get_report(client, tenant, report_id) == corrected

    def test_is_audited_with_who_when_before_after_reason(
        self,
        client: TestClient,
        tenant: Tenant,
        report_id: str,
        session_factory: SessionFactory,
    ) -> None:
        started = utcnow()
        correct(
            client,
            tenant,
            report_id,
            {"opinion": "qualified", "complementary_user_entity_controls": 31},
            reason="p. 5 says except for",
        )
        (row,) = audit_rows(session_factory, report_id, "report.corrected")
        assert row.organization_id == tenant.organization_id
        assert row.entity_type == "report"
        assert row.actor_api_key_id == api_key_id(session_factory, tenant, "reviewer")
        assert row.before == {"opinion": "unqualified", "complementary_user_entity_controls": None}
        assert row.after == {"opinion": "qualified", "complementary_user_entity_controls": 31}
        assert row.reason == "p. 5 says except for"
        assert started <= row.created_at <= utcnow()

        # A second correction records the corrected value as `before`, and keeps the first.
        second = correct(client, tenant, report_id, {"opinion": "adverse"}, role="admin")
        assert second["corrections"] == {
            "opinion": "adverse",
            "complementary_user_entity_controls": 31,
        }
        rows = audit_rows(session_factory, report_id, "report.corrected")
        assert len(rows) == 2
        assert rows[1].before == {"opinion": "qualified"}
        assert rows[1].after == {"opinion": "adverse"}
        assert rows[1].actor_api_key_id == api_key_id(session_factory, tenant, "admin")

    def test_rescores_the_vendor(
        self,
        client: TestClient,
        tenant: Tenant,
        vendor: dict,
        report_id: str,
        session_factory: SessionFactory,
    ) -> None:
        before = get_risk(client, tenant, vendor["id"])
        assert before["report_ids"] == [report_id]
        assert "opinion_qualified" not in factor_points(before)
        scores_before = history(client, tenant, vendor["id"])
        events_before = risk_changed_events(session_factory, tenant, vendor["id"])

        correct(client, tenant, report_id, {"opinion": "qualified"})

        after = get_risk(client, tenant, vendor["id"])
        qualified = factor_points(after)["opinion_qualified"]
        assert qualified == DEFAULT_POLICY.weights.opinion_qualified
        assert after["score"] == before["score"] + qualified
        assert sum(factor_points(after).values()) == after["score"]
        assert after["computed_at"] > before["computed_at"]
        scores_after = history(client, tenant, vendor["id"])
        assert len(scores_after) == len(scores_before) + 1
        assert scores_after[0]["score"] == after["score"]
        events = risk_changed_events(session_factory, tenant, vendor["id"])
        assert len(events) == len(events_before) + 1
        assert events[-1]["previous"]["score"] == before["score"]
        assert events[-1]["current"] == {
            "score": after["score"],
            "rating": after["rating"],
            "effective_rating": after["rating"],
        }
        assert events[-1]["trigger"] == "report.corrected"
        assert (
            client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).json()["score"]
            == after["score"]
        )

    def test_a_field_corrected_to_null(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        original = get_report(client, tenant, report_id)
        assert original["expires_at"] is not None
        corrected = correct(client, tenant, report_id, {"period_end": None, "report_date": None})
        assert corrected["corrections"] == {"period_end": None, "report_date": None}
        assert corrected["effective"]["period_end"] is None
        assert corrected["extraction"]["period_end"] == original["extraction"]["period_end"]
        assert corrected["period_end"] is None
        assert corrected["expires_at"] is None  # no anchor date, no expiry
        assert "currency_unknown" in factor_points(get_risk(client, tenant, vendor["id"]))

    @pytest.mark.parametrize(
        ("corrections", "field"),
        [
            ({"no_such_field": 1}, "corrections.no_such_field"),
            ({"confidence": {"opinion": 1.0}}, "corrections.confidence"),
            ({"opinion": "splendid"}, "corrections.opinion"),
            ({"report_kind": "soc4"}, "corrections.report_kind"),
            ({"period_end": "last tuesday"}, "corrections.period_end"),
            (
                {"complementary_user_entity_controls": "many"},
                "corrections.complementary_user_entity_controls",
            ),
            ({"tsc_categories": ["security", "vibes"]}, "corrections.tsc_categories.1"),
            ({"exceptions": [{"criteria": ["CC6.1"]}]}, "corrections.exceptions.0.description"),
            ({"opinion": None}, "corrections.opinion"),
        ],
    )
    def test_invalid_corrections_are_422_naming_the_field(
        self,
        client: TestClient,
        tenant: Tenant,
        vendor: dict,
        report_id: str,
        session_factory: SessionFactory,
        corrections: dict[str, Any],
        field: str,
    ) -> None:
        scores_before = history(client, tenant, vendor["id"])
        response = patch_report(client, tenant, report_id, corrections)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "invalid_input"
        assert field in {error["field"] for error in problem["errors"]}, problem
        # Nothing changed: no correction, no audit row, no new score.
        assert get_report(client, tenant, report_id)["corrections"] == {}
        assert audit_rows(session_factory, report_id, "report.corrected") == []
        assert history(client, tenant, vendor["id"]) == scores_before

    @pytest.mark.parametrize(
        "body",
        [
            {"corrections": {}, "reason": "nothing"},
            {"corrections": {"opinion": "qualified"}},
            {"corrections": {"opinion": "qualified"}, "reason": ""},
            {"corrections": {"opinion": "qualified"}, "reason": "x", "extra": 1},
            # Found by the API fuzzer: NUL was a 500 on PostgreSQL (text and JSONB).
            {"corrections": {"opinion": "qualified"}, "reason": "typo\x00"},
            {"corrections": {"service_auditor": "Example\x00 LLP"}, "reason": "x"},
        ],
    )
    def test_malformed_request_is_422(
        self, client: TestClient, tenant: Tenant, report_id: str, body: dict
    ) -> None:
        response = client.patch(
            f"/v1/reports/{report_id}", json=body, headers=tenant.headers("reviewer")
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"

    def test_reparse_keeps_corrections_and_the_report_keeps_counting(
        self,
        client: TestClient,
        tenant: Tenant,
        vendor: dict,
        report_id: str,
        producer: RecordingProducer,
    ) -> None:
        correct(client, tenant, report_id, {"opinion": "qualified"})
        scored = get_risk(client, tenant, vendor["id"])
        response = client.post(
            f"/v1/reports/{report_id}/reparse", headers=tenant.headers("reviewer")
        )
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "queued"
        assert response.json()["corrections"] == {"opinion": "qualified"}
        assert producer.parses == [uuid.UUID(report_id)]
        # While the report waits for the parser, a rescore (here: the vendor's profile
        # changes) still counts it: a parser upgrade must not drop a vendor's assurance.
        changed = client.patch(
            f"/v1/vendors/{vendor['id']}",
            json={"data_profile": {"availability_critical": True}},
            headers=tenant.headers(),
        )
        assert changed.status_code == 200
        rescored = get_risk(client, tenant, vendor["id"])
        assert rescored["computed_at"] > scored["computed_at"]
        assert rescored["report_ids"] == [report_id]
        assert "no_current_report" not in factor_points(rescored)
        assert "opinion_qualified" in factor_points(rescored)


# --------------------------------------------------------------------------- needs_review


class TestNeedsReview:
    def test_unknown_kind_needs_review_until_a_reviewer_sets_it(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        no_report = get_risk(client, tenant, vendor["id"])
        report_id = make_parsed_report(
            session_factory,
            tenant=tenant,
            vendor_id=vendor["id"],
            extraction=make_extraction(report_kind="unknown", report_type=None),
        )
        assert get_report(client, tenant, report_id)["status"] == "needs_review"
        unscored = get_risk(client, tenant, vendor["id"])
        assert unscored["report_ids"] == []
        assert "unclassified_report" in factor_points(unscored)
        assert unscored["score"] == no_report["score"]

        # Correcting something else does not classify it.
        still = correct(client, tenant, report_id, {"service_auditor": "Other LLP"})
        assert still["status"] == "needs_review"

        fixed = correct(client, tenant, report_id, {"report_kind": "soc2", "report_type": "type2"})
        assert fixed["status"] == "parsed"
        scored = get_risk(client, tenant, vendor["id"])
        assert scored["report_ids"] == [report_id]
        assert "unclassified_report" not in factor_points(scored)
        assert scored["score"] < no_report["score"]

    def test_low_confidence_key_field_needs_review_until_confirmed(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        extraction = make_extraction(
            confidence={"report_kind": 0.99, "report_type": 0.9, "period_end": 0.9, "opinion": 0.3}
        )
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor["id"], extraction=extraction
        )
        assert get_report(client, tenant, report_id)["status"] == "needs_review"
        doubtful = get_risk(client, tenant, vendor["id"])
        assert "low_confidence" in factor_points(doubtful)
        assert doubtful["report_ids"] == [report_id]  # scored meanwhile, with a doubt line

        still = correct(client, tenant, report_id, {"system_name": "Payments platform"})
        assert still["status"] == "needs_review"

        # The reviewer confirms the doubtful field (same value): reviewed, doubt gone.
        confirmed = correct(client, tenant, report_id, {"opinion": "unqualified"})
        assert confirmed["status"] == "parsed"
        assert confirmed["effective"]["opinion"] == "unqualified"
        after = get_risk(client, tenant, vendor["id"])
        assert "low_confidence" not in factor_points(after)
        assert after["score"] == doubtful["score"] - factor_points(doubtful)["low_confidence"]

    def test_confident_parse_is_parsed(
        self, client: TestClient, tenant: Tenant, report_id: str
    ) -> None:
        assert get_report(client, tenant, report_id)["status"] == "parsed"

    def test_correcting_the_kind_to_unknown_needs_review(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        corrected = correct(client, tenant, report_id, {"report_kind": "unknown"})
        assert corrected["status"] == "needs_review"
        assert get_risk(client, tenant, vendor["id"])["report_ids"] == []


# --------------------------------------------------------------------------- overrides


class TestOverride:
    def test_nul_in_the_reason_is_422(self, client: TestClient, tenant: Tenant) -> None:
        # Found by the API fuzzer: a 500 on PostgreSQL, whose text cannot hold NUL.
        vendor = new_vendor(client, tenant)
        response = put_override(client, tenant, vendor["id"], rating="low", reason="a\x00b")
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "validation_error"
        assert get_risk(client, tenant, vendor["id"])["override"] is None

    def test_set_keeps_the_computed_score_visible(
        self, client: TestClient, tenant: Tenant, session_factory: SessionFactory
    ) -> None:
        vendor = new_vendor(client, tenant, criticality="critical")  # no report: >= high
        computed = get_risk(client, tenant, vendor["id"])
        assert computed["rating"] in {"high", "critical"}
        response = put_override(
            client, tenant, vendor["id"], rating="low", reason="contract ends this month"
        )
        assert response.status_code == 200, response.text
        risk = response.json()
        assert (risk["score"], risk["rating"]) == (computed["score"], computed["rating"])
        assert risk["factors"] == computed["factors"]
        assert risk["effective_rating"] == "low"
        assert risk["override"]["rating"] == "low"
        assert risk["override"]["reason"] == "contract ends this month"
        assert risk["override"]["expires_at"] is None
        assert get_risk(client, tenant, vendor["id"]) == risk
        # A reviewer's override does not add a computed score.
        assert len(history(client, tenant, vendor["id"])) == 1
        # ... but subscribers hear that the rating in force changed.
        [event] = risk_changed_events(session_factory, tenant, vendor["id"])
        assert event["trigger"] == "override.set"
        assert event["previous"]["effective_rating"] == computed["rating"]
        assert event["current"] == {
            "score": computed["score"],
            "rating": computed["rating"],
            "effective_rating": "low",
        }

        shown = client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).json()
        assert (shown["rating"], shown["score"]) == ("low", computed["score"])
        assert vendor["id"] in listed_ids(client, tenant, rating="low")
        assert vendor["id"] not in listed_ids(client, tenant, rating=computed["rating"])

        (row,) = audit_rows(session_factory, vendor["id"], "risk.override_set")
        assert row.actor_api_key_id == api_key_id(session_factory, tenant, "reviewer")
        assert row.before is None
        assert row.after == {"rating": "low", "expires_at": None}
        assert row.reason == "contract ends this month"

    def test_replace(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        put_override(client, tenant, vendor["id"], rating="low", reason="first")
        expires = (utcnow() + dt.timedelta(days=30)).replace(microsecond=0)
        response = put_override(
            client,
            tenant,
            vendor["id"],
            role="admin",
            rating="critical",
            reason="second",
            expires_at=expires.isoformat(),
        )
        assert response.status_code == 200, response.text
        override = response.json()["override"]
        assert (override["rating"], override["reason"]) == ("critical", "second")
        assert dt.datetime.fromisoformat(override["expires_at"]) == expires
        assert vendor["id"] in listed_ids(client, tenant, rating="critical")
        assert vendor["id"] not in listed_ids(client, tenant, rating="low")
        with unit_of_work(session_factory) as session:
            rows = session.scalars(
                select(RiskOverride).where(RiskOverride.vendor_id == uuid.UUID(vendor["id"]))
            ).all()
        assert len(rows) == 1
        audit = audit_rows(session_factory, vendor["id"], "risk.override_set")
        assert [a.after["rating"] for a in audit] == ["low", "critical"]  # type: ignore[index]
        assert audit[1].before == {"rating": "low", "reason": "first"}

    def test_delete(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        computed = get_risk(client, tenant, vendor["id"])
        other = next(r for r in ("low", "critical") if r != computed["rating"])
        put_override(client, tenant, vendor["id"], rating=other, reason="r")
        response = client.delete(
            f"/v1/vendors/{vendor['id']}/risk/override", headers=tenant.headers("reviewer")
        )
        assert response.status_code == 204
        risk = get_risk(client, tenant, vendor["id"])
        assert risk["override"] is None
        assert risk["effective_rating"] == risk["rating"] == computed["rating"]
        assert vendor["id"] in listed_ids(client, tenant, rating=computed["rating"])
        assert vendor["id"] not in listed_ids(client, tenant, rating=other)
        assert len(audit_rows(session_factory, vendor["id"], "risk.override_cleared")) == 1
        again = client.delete(
            f"/v1/vendors/{vendor['id']}/risk/override", headers=tenant.headers("reviewer")
        )
        assert again.status_code == 404

    def test_expired_override_is_ignored(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        computed = get_risk(client, tenant, vendor["id"])
        other = next(r for r in ("low", "critical") if r != computed["rating"])
        expires = utcnow() + dt.timedelta(hours=1)
        response = put_override(
            client, tenant, vendor["id"], rating=other, reason="r", expires_at=expires.isoformat()
        )
        assert response.json()["effective_rating"] == other
        # Time passes: the override's expiry is now behind us.
        with unit_of_work(session_factory) as session:
            session.execute(
                update(RiskOverride)
                .where(RiskOverride.vendor_id == uuid.UUID(vendor["id"]))
                .values(expires_at=utcnow() - dt.timedelta(seconds=1))
            )
            session.commit()
        risk = get_risk(client, tenant, vendor["id"])
        assert risk["override"] is None
        assert risk["effective_rating"] == risk["rating"] == computed["rating"]

    def test_override_survives_a_rescore(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        put_override(client, tenant, vendor["id"], rating="low", reason="accepted risk")
        correct(client, tenant, report_id, {"opinion": "adverse"})
        risk = get_risk(client, tenant, vendor["id"])
        assert risk["rating"] == "critical"  # the computed rating moves on ...
        assert risk["effective_rating"] == "low"  # ... the reviewer's rating stays shown
        shown = client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).json()
        assert (shown["rating"], shown["score"]) == ("low", risk["score"])
        assert vendor["id"] in listed_ids(client, tenant, rating="low")

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"rating": "fine", "reason": "r"}, "body.rating"),
            ({"rating": "low"}, "body.reason"),
            ({"rating": "low", "reason": ""}, "body.reason"),
            ({"rating": "low", "reason": "r", "extra": True}, "body.extra"),
            ({"rating": "low", "reason": "r", "expires_at": "soon"}, "body.expires_at"),
            # Without an offset the instant is ambiguous.
            (
                {"rating": "low", "reason": "r", "expires_at": "2999-01-01T00:00:00"},
                "body.expires_at",
            ),
        ],
    )
    def test_invalid_body_is_422(
        self, client: TestClient, tenant: Tenant, vendor: dict, body: dict, field: str
    ) -> None:
        response = client.put(
            f"/v1/vendors/{vendor['id']}/risk/override", json=body, headers=tenant.headers()
        )
        assert response.status_code == 422, response.text
        assert field in {error["field"] for error in response.json()["errors"]}
        assert get_risk(client, tenant, vendor["id"])["override"] is None

    def test_expiry_in_the_past_is_422(
        self, client: TestClient, tenant: Tenant, vendor: dict
    ) -> None:
        past = (utcnow() - dt.timedelta(minutes=1)).isoformat()
        response = put_override(
            client, tenant, vendor["id"], rating="low", reason="r", expires_at=past
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"
        assert [e["field"] for e in response.json()["errors"]] == ["expires_at"]
        assert get_risk(client, tenant, vendor["id"])["override"] is None


# --------------------------------------------------------------------------- history


class TestRiskHistory:
    def test_every_score_newest_first(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        created = history(client, tenant, vendor["id"])
        assert len(created) == 1
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor["id"], extraction=make_extraction()
        )
        correct(client, tenant, report_id, {"opinion": "qualified"})
        items = history(client, tenant, vendor["id"])
        assert len(items) == 3
        assert [i["computed_at"] for i in items] == sorted(
            (i["computed_at"] for i in items), reverse=True
        )
        assert items[0] == {**get_risk(client, tenant, vendor["id"]), "override": None}
        assert items[-1]["score"] == created[0]["score"]
        assert items[-1]["report_ids"] == []
        assert items[1]["report_ids"] == items[0]["report_ids"] == [report_id]
        assert items[0]["score"] > items[1]["score"]  # qualified > unqualified
        with unit_of_work(session_factory) as session:
            triggers = session.scalars(
                select(RiskScore.trigger)
                .where(RiskScore.vendor_id == uuid.UUID(vendor["id"]))
                .order_by(RiskScore.computed_at.desc())
            ).all()
        assert triggers == ["report.corrected", "report.parsed", "vendor.created"]

    def test_cursor_pagination_visits_every_score_once(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        for opinion in ("qualified", "unknown", "adverse", "unqualified"):
            correct(client, tenant, report_id, {"opinion": opinion})
        everything = history(client, tenant, vendor["id"])
        assert len(everything) == 6
        seen: list[dict] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 4, **({"cursor": cursor} if cursor else {})}
            response = client.get(
                f"/v1/vendors/{vendor['id']}/risk/history",
                params=params,
                headers=tenant.headers("read_only"),
            )
            assert response.status_code == 200, response.text
            page = response.json()
            assert len(page["items"]) <= 4
            seen += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == everything

    @pytest.mark.parametrize("params", [{"cursor": "not-a-cursor"}, {"limit": 0}])
    def test_bad_page_parameters_are_422(
        self, client: TestClient, tenant: Tenant, vendor: dict, params: dict
    ) -> None:
        response = client.get(
            f"/v1/vendors/{vendor['id']}/risk/history", params=params, headers=tenant.headers()
        )
        assert response.status_code == 422


# --------------------------------------------------------------------------- work queue


class TestWorkQueue:
    def test_expiring_within_days(
        self, client: TestClient, tenant: Tenant, session_factory: SessionFactory
    ) -> None:
        soon, later, without = (new_vendor(client, tenant, **PLAIN) for _ in range(3))
        # Current for 12 months after the period end: ~20 and ~200 days left.
        for vendor, ended_days_ago in ((soon, 345), (later, 165)):
            make_parsed_report(
                session_factory,
                tenant=tenant,
                vendor_id=vendor["id"],
                extraction=make_extraction(
                    period_start=days_ago(ended_days_ago + 364),
                    period_end=days_ago(ended_days_ago),
                ),
            )
        mine = {soon["id"], later["id"], without["id"]}
        assert listed_ids(client, tenant, expiring_within_days=30) & mine == {soon["id"]}
        assert listed_ids(client, tenant, expiring_within_days=365) & mine == {
            soon["id"],
            later["id"],
        }
        shown = client.get(f"/v1/vendors/{soon['id']}", headers=tenant.headers()).json()
        assert 19 <= (dt.date.fromisoformat(shown["next_expiry"]) - utcnow().date()).days <= 21

    def test_a_correction_moves_a_vendor_into_the_queue(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        assert vendor["id"] not in listed_ids(client, tenant, expiring_within_days=30)
        correct(
            client, tenant, report_id, {"period_start": days_ago(700), "period_end": days_ago(350)}
        )
        assert vendor["id"] in listed_ids(client, tenant, expiring_within_days=30)

    def test_rating_filter_follows_the_computed_rating(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        rating = get_risk(client, tenant, vendor["id"])["rating"]
        assert rating != "critical"
        assert vendor["id"] in listed_ids(client, tenant, rating=rating)
        correct(client, tenant, report_id, {"opinion": "disclaimer"})
        assert vendor["id"] in listed_ids(client, tenant, rating="critical")
        assert vendor["id"] not in listed_ids(client, tenant, rating=rating)


# --------------------------------------------------------------------------- policy


class TestScoringPolicy:
    def test_default_is_version_0(self, client: TestClient, tenant: Tenant) -> None:
        response = client.get("/v1/scoring-policy", headers=tenant.headers("read_only"))
        assert response.status_code == 200
        assert response.json() == {
            "version": 0,
            "policy": DEFAULT_POLICY.model_dump(mode="json"),
        }

    def test_put_versions_and_publishes_a_rescore(
        self,
        client: TestClient,
        tenant: Tenant,
        other_tenant: Tenant,
        producer: RecordingProducer,
        session_factory: SessionFactory,
    ) -> None:
        policy = DEFAULT_POLICY.model_dump(mode="json")
        policy["rating_bands"] = {"medium": 20, "high": 40, "critical": 60}
        policy["alert_threshold_days"] = [7, 60]
        response = client.put("/v1/scoring-policy", json=policy, headers=tenant.headers())
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["version"] == 1
        assert body["policy"]["rating_bands"] == {"medium": 20, "high": 40, "critical": 60}
        assert body["policy"]["alert_threshold_days"] == [60, 7]  # stored most distant first
        assert client.get("/v1/scoring-policy", headers=tenant.headers()).json() == body
        assert producer.rescores == [tenant.organization_id]

        # Partial bodies take the defaults for the rest; every change is a new version.
        second = client.put(
            "/v1/scoring-policy", json={"currency_months": 18}, headers=tenant.headers()
        )
        assert second.json()["version"] == 2
        assert second.json()["policy"]["rating_bands"] == DEFAULT_POLICY.rating_bands.model_dump()
        assert producer.rescores == [tenant.organization_id] * 2
        audit = audit_rows_by_action(session_factory, tenant, "scoring_policy.updated")
        assert [row.after for row in audit] == [{"version": 1}, {"version": 2}]
        assert audit[0].actor_api_key_id == api_key_id(session_factory, tenant, "admin")

        # Another organisation's policy is its own.
        other = client.get("/v1/scoring-policy", headers=other_tenant.headers())
        assert other.json()["version"] == 0

    def test_a_new_policy_applies_to_later_scores(
        self, client: TestClient, tenant: Tenant, producer: RecordingProducer
    ) -> None:
        vendor = new_vendor(client, tenant, **PLAIN)
        before = get_risk(client, tenant, vendor["id"])
        policy = DEFAULT_POLICY.model_dump(mode="json")
        policy["weights"]["criticality"]["medium"] = 20
        response = client.put("/v1/scoring-policy", json=policy, headers=tenant.headers())
        assert response.status_code == 200
        later = new_vendor(client, tenant, **PLAIN)
        risk = get_risk(client, tenant, later["id"])
        assert risk["policy_version"] == 1
        assert factor_points(risk)["criticality"] == 20
        assert risk["score"] == before["score"] + 8
        assert before["policy_version"] == 0

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"rating_bands": {"medium": 25, "high": 25, "critical": 75}}, "rating_bands.high"),
            ({"rating_bands": {"medium": 25, "high": 50, "critical": 40}}, "rating_bands.critical"),
            ({"rating_bands": {"medium": 0}}, "rating_bands.medium"),
            ({"weights": {"criticality": {"high": 10}}}, "weights.criticality.high"),
            ({"weights": {"exception_security": 1}}, "weights.exception_security"),
            ({"weights": {"opinion_qualified": 0}}, "weights.opinion_qualified"),
            ({"currency_months": 0}, "currency_months"),
            ({"currency_anchor": "upload_date"}, "currency_anchor"),
            ({"alert_threshold_days": [30, 30]}, "alert_threshold_days"),
            ({"surprise": 1}, "surprise"),
        ],
    )
    def test_invalid_policy_is_422_naming_the_field(
        self,
        client: TestClient,
        tenant: Tenant,
        producer: RecordingProducer,
        change: dict,
        field: str,
    ) -> None:
        response = client.put("/v1/scoring-policy", json=change, headers=tenant.headers())
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "invalid_input"
        assert field in {error["field"] for error in problem["errors"]}, problem
        assert client.get("/v1/scoring-policy", headers=tenant.headers()).json()["version"] == 0
        assert producer.rescores == []

    def test_a_body_that_is_not_an_object_is_422(self, client: TestClient, tenant: Tenant) -> None:
        response = client.put("/v1/scoring-policy", json=[1, 2], headers=tenant.headers())
        assert response.status_code == 422


def audit_rows_by_action(
    factory: SessionFactory, tenant: Tenant, action: str
) -> list[AuditLogEntry]:
    with unit_of_work(factory) as session:
        return list(
            session.scalars(
                select(AuditLogEntry)
                .where(
                    AuditLogEntry.organization_id == tenant.organization_id,
                    AuditLogEntry.action == action,
                )
                .order_by(AuditLogEntry.created_at)
            )
        )


# --------------------------------------------------------------------------- roles, tenancy


class TestRoles:
    @pytest.mark.parametrize("role", ["read_only", "procurement"])
    def test_only_reviewer_and_admin_correct_and_override(
        self,
        client: TestClient,
        tenant: Tenant,
        vendor: dict,
        report_id: str,
        role: str,
        session_factory: SessionFactory,
    ) -> None:
        headers = tenant.headers(role)
        path = f"/v1/vendors/{vendor['id']}/risk/override"
        denied = [
            patch_report(client, tenant, report_id, {"opinion": "adverse"}, role=role),
            client.put(path, json={"rating": "low", "reason": "r"}, headers=headers),
        ]
        put_override(client, tenant, vendor["id"], rating="low", reason="by a reviewer")
        denied.append(client.delete(path, headers=headers))
        for response in denied:
            assert response.status_code == 403, response.text
            assert response.json()["code"] == "forbidden"
        assert get_report(client, tenant, report_id)["corrections"] == {}
        assert get_risk(client, tenant, vendor["id"])["override"]["reason"] == "by a reviewer"
        # They may still read.
        for read in (
            f"/v1/vendors/{vendor['id']}/risk",
            f"/v1/vendors/{vendor['id']}/risk/history",
            "/v1/scoring-policy",
        ):
            assert client.get(read, headers=headers).status_code == 200

    @pytest.mark.parametrize("role", ["read_only", "procurement", "reviewer"])
    def test_only_admin_puts_the_policy(
        self, client: TestClient, tenant: Tenant, role: str, producer: RecordingProducer
    ) -> None:
        response = client.put(
            "/v1/scoring-policy", json={"currency_months": 6}, headers=tenant.headers(role)
        )
        assert response.status_code == 403
        assert client.get("/v1/scoring-policy", headers=tenant.headers()).json()["version"] == 0
        assert producer.rescores == []

    def test_no_key_is_401(self, client: TestClient, vendor: dict, report_id: str) -> None:
        for method, path in (
            ("GET", f"/v1/vendors/{vendor['id']}/risk"),
            ("GET", f"/v1/vendors/{vendor['id']}/risk/history"),
            ("PUT", f"/v1/vendors/{vendor['id']}/risk/override"),
            ("DELETE", f"/v1/vendors/{vendor['id']}/risk/override"),
            ("GET", "/v1/scoring-policy"),
            ("PUT", "/v1/scoring-policy"),
            ("PATCH", f"/v1/reports/{report_id}"),
        ):
            assert client.request(method, path, json={}).status_code == 401, (method, path)


class TestTenantIsolation:
    def test_another_orgs_vendor_and_report_are_404_everywhere(
        self,
        client: TestClient,
        tenant: Tenant,
        other_tenant: Tenant,
        vendor: dict,
        report_id: str,
        producer: RecordingProducer,
    ) -> None:
        put_override(client, tenant, vendor["id"], rating="low", reason="mine")
        for role in ("admin", "reviewer"):
            headers = other_tenant.headers(role)
            base = f"/v1/vendors/{vendor['id']}/risk"
            responses = {
                "risk": client.get(base, headers=headers),
                "history": client.get(f"{base}/history", headers=headers),
                "put override": client.put(
                    f"{base}/override", json={"rating": "critical", "reason": "x"}, headers=headers
                ),
                "delete override": client.delete(f"{base}/override", headers=headers),
                "correct": client.patch(
                    f"/v1/reports/{report_id}",
                    json={"corrections": {"opinion": "adverse"}, "reason": "x"},
                    headers=headers,
                ),
                "reparse": client.post(f"/v1/reports/{report_id}/reparse", headers=headers),
            }
            for name, response in responses.items():
                assert response.status_code == 404, (role, name, response.text)
                assert response.json()["code"] == "not_found"
        assert producer.parses == []
        risk = get_risk(client, tenant, vendor["id"])
        assert risk["override"]["reason"] == "mine"
        assert get_report(client, tenant, report_id)["corrections"] == {}
        assert listed_ids(client, other_tenant, rating="low") & {vendor["id"]} == set()

    def test_policy_change_rescores_only_the_own_org(
        self,
        client: TestClient,
        tenant: Tenant,
        other_tenant: Tenant,
        producer: RecordingProducer,
    ) -> None:
        response = client.put(
            "/v1/scoring-policy", json={"currency_months": 6}, headers=other_tenant.headers()
        )
        assert response.status_code == 200
        assert producer.rescores == [other_tenant.organization_id]
        mine = client.get("/v1/scoring-policy", headers=tenant.headers()).json()
        assert mine["version"] == 0
        assert mine["policy"]["currency_months"] == 12


# --------------------------------------------------------------------------- invariants


class TestScoringInvariantsThroughTheApi:
    """DESIGN.md "Scoring": each invariant, reached by a reviewer's correction over HTTP."""

    @pytest.mark.parametrize("opinion", ["adverse", "disclaimer"])
    def test_failed_opinion_is_critical(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str, opinion: str
    ) -> None:
        assert get_risk(client, tenant, vendor["id"])["rating"] == "low"
        correct(client, tenant, report_id, {"opinion": opinion})
        risk = get_risk(client, tenant, vendor["id"])
        assert risk["rating"] == "critical"
        assert risk["score"] >= DEFAULT_POLICY.rating_bands.critical
        assert f"opinion_{opinion}" in factor_points(risk)

    def test_qualified_above_unqualified(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        clean = get_risk(client, tenant, vendor["id"])["score"]
        correct(client, tenant, report_id, {"opinion": "qualified"})
        assert get_risk(client, tenant, vendor["id"])["score"] > clean

    def test_exceptions_never_lower_and_security_weighs_more(
        self, client: TestClient, tenant: Tenant, vendor: dict, session_factory: SessionFactory
    ) -> None:
        other = {"criteria": ["A1.2"], "description": "backup not tested", "page": 60}
        access = {"criteria": ["CC6.1"], "description": "access not removed", "page": 61}
        report_id = make_parsed_report(
            session_factory,
            tenant=tenant,
            vendor_id=vendor["id"],
            extraction=make_extraction(exceptions=[other]),
        )
        one_other = get_risk(client, tenant, vendor["id"])["score"]
        correct(client, tenant, report_id, {"exceptions": [access]})
        one_access = get_risk(client, tenant, vendor["id"])["score"]
        assert one_access > one_other  # same rate, security criteria weigh more
        correct(client, tenant, report_id, {"exceptions": [access, other]})
        two = get_risk(client, tenant, vendor["id"])
        assert two["score"] >= one_access
        assert len(next(f for f in two["factors"] if f["code"] == "exceptions")["evidence"]) == 2
        correct(client, tenant, report_id, {"exceptions": []})
        none = get_risk(client, tenant, vendor["id"])
        assert none["score"] <= two["score"]
        assert none["score"] < one_other
        assert "exceptions" not in factor_points(none)

    def test_type1_above_type2_and_soc3_above_soc2_type2(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        type2 = get_risk(client, tenant, vendor["id"])["score"]
        correct(client, tenant, report_id, {"report_type": "type1", "period_start": None})
        assert get_risk(client, tenant, vendor["id"])["score"] > type2
        correct(client, tenant, report_id, {"report_kind": "soc3", "report_type": None})
        soc3 = get_risk(client, tenant, vendor["id"])
        assert soc3["score"] > type2
        assert "soc3_only" in factor_points(soc3)

    def test_soc1_alone_gives_no_security_assurance(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        soc2 = get_risk(client, tenant, vendor["id"])["score"]
        correct(client, tenant, report_id, {"report_kind": "soc1", "tsc_categories": []})
        soc1 = get_risk(client, tenant, vendor["id"])
        assert soc1["score"] > soc2
        assert "no_security_assurance" in factor_points(soc1)

    def test_missing_needed_category_raises(
        self, client: TestClient, tenant: Tenant, session_factory: SessionFactory
    ) -> None:
        vendor = new_vendor(
            client,
            tenant,
            criticality="medium",
            data_profile={"handles_personal_data": True, "availability_critical": True},
        )
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor["id"], extraction=make_extraction()
        )
        covered = get_risk(client, tenant, vendor["id"])["score"]
        correct(client, tenant, report_id, {"tsc_categories": ["security", "availability"]})
        no_privacy = get_risk(client, tenant, vendor["id"])["score"]
        assert no_privacy > covered
        correct(client, tenant, report_id, {"tsc_categories": ["security"]})
        assert get_risk(client, tenant, vendor["id"])["score"] > no_privacy

    def test_carve_outs_and_many_cuecs_raise_a_little(
        self, client: TestClient, tenant: Tenant, vendor: dict, report_id: str
    ) -> None:
        plain = get_risk(client, tenant, vendor["id"])["score"]
        correct(
            client,
            tenant,
            report_id,
            {"subservice_organizations": [{"name": "AWS", "method": "carve-out"}]},
        )
        carved = get_risk(client, tenant, vendor["id"])["score"]
        assert plain < carved <= plain + DEFAULT_POLICY.weights.carve_out_max
        correct(client, tenant, report_id, {"complementary_user_entity_controls": 40})
        cuecs = get_risk(client, tenant, vendor["id"])["score"]
        assert carved < cuecs <= carved + DEFAULT_POLICY.weights.many_cuecs

    @pytest.mark.parametrize("criticality", ["high", "critical"])
    def test_high_vendor_without_current_report_is_at_least_high(
        self,
        client: TestClient,
        tenant: Tenant,
        session_factory: SessionFactory,
        criticality: str,
    ) -> None:
        vendor = new_vendor(client, tenant, criticality=criticality, data_profile={})
        assert get_risk(client, tenant, vendor["id"])["rating"] in {"high", "critical"}
        report_id = make_parsed_report(
            session_factory, tenant=tenant, vendor_id=vendor["id"], extraction=make_extraction()
        )
        assert get_risk(client, tenant, vendor["id"])["rating"] in {"low", "medium"}
        # A reviewer finds the report is two years old: expired, no current report.
        correct(
            client, tenant, report_id, {"period_start": days_ago(1095), "period_end": days_ago(731)}
        )
        assert get_risk(client, tenant, vendor["id"])["rating"] in {"high", "critical"}

    def test_expired_by_correction_raises_the_score(
        self,
        client: TestClient,
        tenant: Tenant,
        vendor: dict,
        report_id: str,
        session_factory: SessionFactory,
    ) -> None:
        current = get_risk(client, tenant, vendor["id"])
        corrected = correct(
            client,
            tenant,
            report_id,
            {"period_start": days_ago(800), "period_end": days_ago(436), "report_date": None},
        )
        assert dt.date.fromisoformat(corrected["expires_at"]) < utcnow().date()
        expired = get_risk(client, tenant, vendor["id"])
        assert expired["score"] > current["score"]
        assert "only_expired_report" in factor_points(expired)
        assert expired["report_ids"] == [report_id]  # its findings still count
        shown = client.get(f"/v1/vendors/{vendor['id']}", headers=tenant.headers()).json()
        assert shown["next_expiry"] is None
        assert (
            risk_changed_events(session_factory, tenant, vendor["id"])[-1]["current"]["score"]
            == expired["score"]
        )
