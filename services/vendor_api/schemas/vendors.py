"""Vendor request and response bodies."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from vendor_api.schemas.common import ApiModel, RequestModel
from vendor_core.models import Criticality, Vendor


class DataProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    handles_personal_data: bool = False
    handles_customer_data: bool = False
    impacts_financial_reporting: bool = False
    availability_critical: bool = False


class VendorCreate(RequestModel):
    name: str = Field(min_length=1, max_length=300)
    website: HttpUrl | None = None
    external_ref: str | None = Field(
        default=None, max_length=200, description="Your procurement tool's id; unique per org."
    )
    criticality: Criticality
    data_profile: DataProfile = Field(default_factory=DataProfile)

    def columns(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "website": str(self.website) if self.website else None,
            "external_ref": self.external_ref,
            "criticality": self.criticality.value,
            **self.data_profile.model_dump(),
        }


class DataProfilePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    handles_personal_data: bool | None = None
    handles_customer_data: bool | None = None
    impacts_financial_reporting: bool | None = None
    availability_critical: bool | None = None


class VendorUpdate(RequestModel):
    """Every field optional; only the fields sent change."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    website: HttpUrl | None = None
    external_ref: str | None = Field(default=None, max_length=200)
    criticality: Criticality | None = None
    data_profile: DataProfilePatch | None = None

    @model_validator(mode="after")
    def _no_null_required(self) -> Self:
        for name in ("name", "criticality"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in ("name", "website", "external_ref", "criticality"):
            if name in self.model_fields_set:
                value = getattr(self, name)
                out[name] = (
                    value.value
                    if isinstance(value, Criticality)
                    else (str(value) if value is not None and name == "website" else value)
                )
        if self.data_profile is not None:
            out.update(self.data_profile.model_dump(exclude_none=True))
        return out


class VendorRead(ApiModel):
    id: uuid.UUID
    name: str
    website: str | None
    external_ref: str | None
    criticality: Criticality
    data_profile: DataProfile
    rating: str | None = Field(description="Current rating (a reviewer's override wins).")
    score: int | None = Field(description="Current computed score, 0-100, higher is riskier.")
    next_expiry: dt.date | None = Field(description="Earliest expiry among current reports.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, vendor: Vendor) -> VendorRead:
        return cls(
            id=vendor.id,
            name=vendor.name,
            website=vendor.website,
            external_ref=vendor.external_ref,
            criticality=Criticality(vendor.criticality),
            data_profile=DataProfile(
                handles_personal_data=vendor.handles_personal_data,
                handles_customer_data=vendor.handles_customer_data,
                impacts_financial_reporting=vendor.impacts_financial_reporting,
                availability_critical=vendor.availability_critical,
            ),
            rating=vendor.current_rating,
            score=vendor.current_score,
            next_expiry=vendor.next_expiry,
            created_at=vendor.created_at,
            updated_at=vendor.updated_at,
        )


class VendorPage(BaseModel):
    items: list[VendorRead]
    next_cursor: str | None
