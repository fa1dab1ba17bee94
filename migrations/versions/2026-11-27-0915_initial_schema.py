"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 09:15:01.205614
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("organization_pkey")),
        sa.UniqueConstraint("name", name=op.f("organization_name_key")),
    )
    op.create_table(
        "api_key",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("api_key_organization_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("api_key_pkey")),
        sa.UniqueConstraint("token_hash", name=op.f("api_key_token_hash_key")),
    )
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_key_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "event",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("event_organization_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("event_pkey")),
        sa.UniqueConstraint("dedupe_key", name=op.f("event_dedupe_key_key")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_dispatched_at"), ["dispatched_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_event_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "idempotency_record",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("resource_type", sa.String(length=40), nullable=False),
        sa.Column("resource_id", sa.Uuid(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("idempotency_record_organization_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("idempotency_record_pkey")),
        sa.UniqueConstraint(
            "organization_id", "key", name=op.f("idempotency_record_organization_id_key")
        ),
    )
    op.create_table(
        "vendor",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("criticality", sa.String(length=20), nullable=False),
        sa.Column("handles_personal_data", sa.Boolean(), nullable=False),
        sa.Column("handles_customer_data", sa.Boolean(), nullable=False),
        sa.Column("impacts_financial_reporting", sa.Boolean(), nullable=False),
        sa.Column("availability_critical", sa.Boolean(), nullable=False),
        sa.Column("current_rating", sa.String(length=20), nullable=True),
        sa.Column("current_score", sa.Integer(), nullable=True),
        sa.Column("next_expiry", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("vendor_organization_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("vendor_pkey")),
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_current_rating"), ["current_rating"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vendor_next_expiry"), ["next_expiry"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_vendor_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(
            "vendor_org_external_ref_key",
            ["organization_id", "external_ref"],
            unique=True,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "webhook_endpoint",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column(
            "events",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.Text(), nullable=True),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("webhook_endpoint_organization_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("webhook_endpoint_pkey")),
    )
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_endpoint_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("actor_api_key_id", sa.Uuid(), nullable=True),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_api_key_id"], ["api_key.id"], name=op.f("audit_log_actor_api_key_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("audit_log_organization_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("audit_log_pkey")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_log_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "report",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error_code", sa.String(length=60), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(length=40), nullable=True),
        sa.Column(
            "extraction",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "corrections",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("report_kind", sa.String(length=10), nullable=True),
        sa.Column("report_type", sa.String(length=10), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("opinion", sa.String(length=20), nullable=True),
        sa.Column("expires_at", sa.Date(), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("parsed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("report_organization_id_fkey")
        ),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor.id"], name=op.f("report_vendor_id_fkey")),
        sa.PrimaryKeyConstraint("id", name=op.f("report_pkey")),
        sa.UniqueConstraint("vendor_id", "sha256", name=op.f("report_vendor_id_key")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_report_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_report_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "risk_override",
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["api_key.id"], name=op.f("risk_override_created_by_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("risk_override_vendor_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("risk_override_pkey")),
        sa.UniqueConstraint("vendor_id", name=op.f("risk_override_vendor_id_key")),
    )
    op.create_table(
        "risk_score",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=20), nullable=False),
        sa.Column(
            "factors",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "report_ids",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("model_version", sa.String(length=40), nullable=False),
        sa.Column("policy_version", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.String(length=60), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["organization.id"], name=op.f("risk_score_organization_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"], name=op.f("risk_score_vendor_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("risk_score_pkey")),
    )
    with op.batch_alter_table("risk_score", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_score_computed_at"), ["computed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_risk_score_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "scoring_policy_version",
        sa.Column("organization_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "policy",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["api_key.id"], name=op.f("scoring_policy_version_created_by_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("scoring_policy_version_organization_id_fkey"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("scoring_policy_version_pkey")),
        sa.UniqueConstraint(
            "organization_id", "version", name=op.f("scoring_policy_version_organization_id_key")
        ),
    )
    with op.batch_alter_table("scoring_policy_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scoring_policy_version_organization_id"),
            ["organization_id"],
            unique=False,
        )

    op.create_table(
        "webhook_delivery",
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["webhook_endpoint.id"], name=op.f("webhook_delivery_endpoint_id_fkey")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("webhook_delivery_event_id_fkey")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("webhook_delivery_pkey")),
        sa.UniqueConstraint(
            "endpoint_id", "event_id", name=op.f("webhook_delivery_endpoint_id_key")
        ),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_endpoint_id"), ["endpoint_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_next_attempt_at"), ["next_attempt_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_webhook_delivery_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_status"))
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_endpoint_id"))

    op.drop_table("webhook_delivery")
    with op.batch_alter_table("scoring_policy_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_policy_version_organization_id"))

    op.drop_table("scoring_policy_version")
    with op.batch_alter_table("risk_score", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_score_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_risk_score_computed_at"))

    op.drop_table("risk_score")
    op.drop_table("risk_override")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_report_status"))
        batch_op.drop_index(batch_op.f("ix_report_organization_id"))
        batch_op.drop_index(batch_op.f("ix_report_expires_at"))

    op.drop_table("report")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_organization_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("webhook_endpoint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_endpoint_organization_id"))

    op.drop_table("webhook_endpoint")
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(
            "vendor_org_external_ref_key",
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_vendor_organization_id"))
        batch_op.drop_index(batch_op.f("ix_vendor_next_expiry"))
        batch_op.drop_index(batch_op.f("ix_vendor_current_rating"))

    op.drop_table("vendor")
    op.drop_table("idempotency_record")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_organization_id"))
        batch_op.drop_index(batch_op.f("ix_event_dispatched_at"))

    op.drop_table("event")
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_key_organization_id"))

    op.drop_table("api_key")
    op.drop_table("organization")
