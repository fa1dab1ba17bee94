"""The organisation's scoring policy: factor weights, rating bands, currency and alert settings.

This is what `GET/PUT /v1/scoring-policy` reads and writes. The defaults are the model
documented in docs/scoring.md. Validation keeps every invariant of DESIGN.md ("Scoring")
true for any accepted policy: weights that the contract says must raise a score are at
least 1, and weights the contract orders (security exceptions over others, higher
criticality over lower) stay ordered. Plain data: no database, no settings, no IO.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

CurrencyAnchor = Literal["period_end", "report_date"]


class _PolicyModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _at_least(previous_field: str, info: ValidationInfo, value: int, *, strict: bool) -> int:
    """Check `value` against an earlier field of the same model (pydantic validates in order).

    Fields checked this way set `validate_default=True`: otherwise a default is never
    validated, and raising the field it is compared with would go unchecked.
    """
    previous = info.data.get(previous_field)
    if previous is None:  # the earlier field failed its own validation; that error is enough
        return value
    if (strict and value <= previous) or (not strict and value < previous):
        relation = "greater than" if strict else "at least"
        raise ValueError(f"must be {relation} {previous_field} ({previous})")
    return value


class CriticalityWeights(_PolicyModel):
    """Inherent points for the vendor's criticality; a more critical vendor never scores less."""

    low: int = Field(default=5, ge=0, le=100)
    medium: int = Field(default=12, validate_default=True, ge=0, le=100)
    high: int = Field(default=22, validate_default=True, ge=0, le=100)
    critical: int = Field(default=30, validate_default=True, ge=0, le=100)

    @field_validator("medium")
    @classmethod
    def _medium_at_least_low(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("low", info, value, strict=False)

    @field_validator("high")
    @classmethod
    def _high_at_least_medium(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("medium", info, value, strict=False)

    @field_validator("critical")
    @classmethod
    def _critical_at_least_high(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("high", info, value, strict=False)


class FactorWeights(_PolicyModel):
    """Points per factor. See docs/scoring.md for what each one means and why."""

    criticality: CriticalityWeights = Field(default_factory=CriticalityWeights)
    handles_personal_data: int = Field(default=5, ge=0, le=100)
    handles_customer_data: int = Field(default=4, ge=0, le=100)
    impacts_financial_reporting: int = Field(default=2, ge=0, le=100)
    availability_critical: int = Field(default=3, ge=0, le=100)

    no_current_report: int = Field(
        default=40,
        ge=1,
        le=100,
        description="No usable report at all. Also the ceiling of the assurance gap: a report "
        "never scores worse than having none, unless its opinion is adverse or a disclaimer.",
    )
    only_expired_report: int = Field(default=35, ge=1, le=100)
    no_security_assurance: int = Field(
        default=15, ge=1, le=100, description="Only a SOC 1: no SOC 2 or SOC 3 covers security."
    )
    no_security_assurance_with_data: int = Field(
        default=25,
        validate_default=True,
        ge=1,
        le=100,
        description="As above, for a vendor handling personal or customer data.",
    )
    no_financial_assurance: int = Field(
        default=6, ge=0, le=100, description="Impacts financial reporting but has no SOC 1."
    )

    soc2_type1: int = Field(
        default=10, ge=1, le=100, description="SOC 2 type 1 (or type unknown): design only."
    )
    soc3_only: int = Field(
        default=6, ge=1, le=100, description="SOC 3 as the security report: no test results."
    )
    soc1_type1: int = Field(default=4, ge=0, le=100)

    opinion_qualified: int = Field(default=15, ge=1, le=100)
    opinion_unknown: int = Field(default=6, ge=0, le=100)
    opinion_adverse: int = Field(default=50, ge=0, le=100)
    opinion_disclaimer: int = Field(default=50, ge=0, le=100)

    exception_other: int = Field(
        default=1,
        ge=1,
        le=100,
        description="Per exception in availability, processing "
        "integrity, confidentiality or privacy criteria only.",
    )
    exception_security: int = Field(
        default=3,
        validate_default=True,
        ge=1,
        le=100,
        description="Per exception in common criteria (CC) other than "
        "CC6/CC8, or not mapped to any criterion.",
    )
    exception_access_or_change: int = Field(
        default=5,
        validate_default=True,
        ge=1,
        le=100,
        description="Per exception in logical access (CC6) or change management (CC8).",
    )
    exception_rate_points: int = Field(
        default=5, ge=0, le=100, description="Added per exception: ceil(deviation rate x this)."
    )
    exception_rate_unknown_points: int = Field(
        default=1, ge=0, le=100, description="Added per exception whose 'x of n' is unknown."
    )

    missing_privacy_or_confidentiality: int = Field(default=6, ge=1, le=100)
    missing_availability: int = Field(default=5, ge=1, le=100)
    carve_out_per_organization: int = Field(default=2, ge=1, le=100)
    carve_out_max: int = Field(default=4, validate_default=True, ge=1, le=100)
    many_cuecs: int = Field(default=2, ge=1, le=100)
    short_period: int = Field(default=3, ge=0, le=100)
    low_confidence: int = Field(default=2, ge=0, le=100)
    currency_unknown: int = Field(default=3, ge=0, le=100)

    @field_validator("no_security_assurance_with_data")
    @classmethod
    def _data_gap_at_least_plain_gap(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("no_security_assurance", info, value, strict=False)

    @field_validator("exception_security")
    @classmethod
    def _security_over_other(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("exception_other", info, value, strict=True)

    @field_validator("exception_access_or_change")
    @classmethod
    def _access_change_over_security(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("exception_security", info, value, strict=False)

    @field_validator("carve_out_max")
    @classmethod
    def _cap_fits_one_organization(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("carve_out_per_organization", info, value, strict=False)

    @model_validator(mode="after")
    def _orderings_across_groups(self) -> Self:
        # A SOC 1 alone must score above a SOC 2 type 2 for a vendor with data even when that
        # vendor also impacts financial reporting (where the SOC 2 lacks the SOC 1).
        if self.no_security_assurance_with_data <= self.no_financial_assurance:
            raise ValueError(
                "no_security_assurance_with_data must be greater than no_financial_assurance"
            )
        # Expiring a report must never lower a score: when the last current report expires,
        # "only expired" replaces the per-role expiry lines it must at least match.
        if self.only_expired_report < (
            self.no_security_assurance_with_data + self.no_financial_assurance
        ):
            raise ValueError(
                "only_expired_report must be at least no_security_assurance_with_data + "
                "no_financial_assurance"
            )
        # A type 2 with a short period must still beat a type 1, which has no period.
        if self.soc2_type1 <= self.short_period:
            raise ValueError("soc2_type1 must be greater than short_period")
        return self


class RatingBands(_PolicyModel):
    """Lower bounds of the medium, high and critical ratings; below `medium` is low."""

    medium: int = Field(default=25, gt=0, le=100)
    high: int = Field(default=50, validate_default=True, gt=0, le=100)
    critical: int = Field(default=75, validate_default=True, gt=0, le=100)

    @field_validator("high")
    @classmethod
    def _high_above_medium(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("medium", info, value, strict=True)

    @field_validator("critical")
    @classmethod
    def _critical_above_high(cls, value: int, info: ValidationInfo) -> int:
        return _at_least("high", info, value, strict=True)


class ScoringPolicy(_PolicyModel):
    """An organisation's scoring configuration; the defaults are the documented model."""

    weights: FactorWeights = Field(default_factory=FactorWeights)
    rating_bands: RatingBands = Field(default_factory=RatingBands)
    currency_anchor: CurrencyAnchor = Field(
        default="period_end",
        description="What a report's currency counts from: the period end (as-of date for a "
        "type 1) or the auditor's report (issue) date.",
    )
    currency_months: int = Field(default=12, ge=1, le=36)
    alert_threshold_days: tuple[int, ...] = Field(
        default=(90, 30, 7),
        min_length=1,
        description="Days before expiry at which report.expiring fires; kept sorted descending.",
    )
    low_confidence_threshold: float = Field(default=0.6, ge=0.0, le=1.0)
    many_cuecs_threshold: int = Field(default=20, ge=1)
    short_period_months: int = Field(default=6, ge=1, le=12)

    @field_validator("alert_threshold_days")
    @classmethod
    def _thresholds_positive_unique(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if any(days <= 0 for days in value):
            raise ValueError("every threshold must be a positive number of days")
        if len(set(value)) != len(value):
            raise ValueError("thresholds must be unique")
        return tuple(sorted(value, reverse=True))


DEFAULT_POLICY = ScoringPolicy()
