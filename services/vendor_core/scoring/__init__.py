"""Vendor risk scoring: pure functions from vendor profile + effective extractions + policy."""

from vendor_core.scoring.currency import add_months, alert_due, expires_on
from vendor_core.scoring.model import (
    MODEL_VERSION,
    Criticality,
    Factor,
    FactorEvidence,
    Rating,
    ReportInput,
    ReportSelection,
    RiskAssessment,
    VendorProfile,
    current_reports,
    rating_for,
    score_vendor,
    select_reports,
)
from vendor_core.scoring.policy import DEFAULT_POLICY, ScoringPolicy

__all__ = [
    "DEFAULT_POLICY",
    "MODEL_VERSION",
    "Criticality",
    "Factor",
    "FactorEvidence",
    "Rating",
    "ReportInput",
    "ReportSelection",
    "RiskAssessment",
    "ScoringPolicy",
    "VendorProfile",
    "add_months",
    "alert_due",
    "current_reports",
    "expires_on",
    "rating_for",
    "score_vendor",
    "select_reports",
]
