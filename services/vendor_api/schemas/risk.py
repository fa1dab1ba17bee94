"""Risk score, override and scoring policy bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field

from vendor_api.schemas.common import ApiModel, RequestModel

Rating = Literal["low", "medium", "high", "critical"]


class RiskFactor(BaseModel):
    code: str
    points: int
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
    items: list[RiskRead] = Field(description="Scores, newest first.")
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class RiskOverrideWrite(RequestModel):
    rating: Rating
    reason: str = Field(min_length=1, max_length=2000)
    expires_at: AwareDatetime | None = Field(
        default=None,
        description="When the override lapses and the computed rating applies again; "
        "with a UTC offset, in the future.",
    )


class ScoringPolicyRead(BaseModel):
    version: int
    policy: dict[str, Any]
