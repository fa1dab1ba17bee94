"""Risk score, override and scoring policy bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vendor_api.schemas.common import ApiModel

Rating = Literal["low", "medium", "high", "critical"]


class RiskFactor(BaseModel):
    code: str
    points: float
    detail: str
    evidence: list[dict[str, Any]]


class RiskOverrideRead(ApiModel):
    rating: Rating
    reason: str
    expires_at: dt.datetime | None
    created_at: dt.datetime


class RiskRead(ApiModel):
    vendor_id: uuid.UUID
    score: int = Field(ge=0, le=100, description="Computed score; higher is riskier.")
    rating: Rating = Field(description="The computed rating (see `override` for a reviewer's).")
    effective_rating: Rating = Field(description="The override's rating if set, else `rating`.")
    factors: list[RiskFactor]
    report_ids: list[str]
    model_version: str
    policy_version: int
    computed_at: dt.datetime
    override: RiskOverrideRead | None = None


class RiskHistory(BaseModel):
    items: list[RiskRead]


class RiskOverrideWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Rating
    reason: str = Field(min_length=1, max_length=2000)
    expires_at: dt.datetime | None = None


class ScoringPolicyRead(BaseModel):
    version: int
    policy: dict[str, Any]
