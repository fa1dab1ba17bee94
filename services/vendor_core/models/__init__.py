"""All ORM models, in one package so relationships never make import cycles."""

from vendor_core.models.event import DeliveryStatus, Event, WebhookDelivery, WebhookEndpoint
from vendor_core.models.organization import (
    ApiKey,
    AuditLogEntry,
    IdempotencyRecord,
    Organization,
    Role,
    ScoringPolicyVersion,
)
from vendor_core.models.report import Report, ReportStatus
from vendor_core.models.vendor import Criticality, RiskOverride, RiskScore, Vendor

__all__ = [
    "ApiKey",
    "AuditLogEntry",
    "Criticality",
    "DeliveryStatus",
    "Event",
    "IdempotencyRecord",
    "Organization",
    "Report",
    "ReportStatus",
    "RiskOverride",
    "RiskScore",
    "Role",
    "ScoringPolicyVersion",
    "Vendor",
    "WebhookDelivery",
    "WebhookEndpoint",
]
