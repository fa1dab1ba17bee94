"""Webhook subscription and delivery bodies."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, Field, HttpUrl

from vendor_api.schemas.common import ApiModel, RequestModel
from vendor_core.models import DeliveryStatus


class WebhookCreate(RequestModel):
    url: HttpUrl
    events: list[str] = Field(
        default_factory=list,
        description="Event types to receive; an empty list means all events.",
    )
    description: str | None = Field(default=None, max_length=2000)


class WebhookUpdate(RequestModel):
    url: HttpUrl | None = None
    events: list[str] | None = None
    description: str | None = Field(default=None, max_length=2000)
    enabled: bool | None = Field(
        default=None, description="Set true to re-enable a disabled webhook."
    )


class WebhookRead(ApiModel):
    id: uuid.UUID
    url: str
    events: list[str]
    description: str | None
    enabled: bool
    disabled_reason: str | None
    failing_since: dt.datetime | None
    created_at: dt.datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(
        description="The signing secret (`whsec_...`, Standard Webhooks). Shown only once."
    )


class WebhookList(BaseModel):
    items: list[WebhookRead]


class DeliveryRead(BaseModel):
    id: uuid.UUID
    webhook_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    message_id: str = Field(description="The `webhook-id` header: the same on every attempt.")
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: dt.datetime | None
    created_at: dt.datetime


class DeliveryPage(BaseModel):
    items: list[DeliveryRead]
    next_cursor: str | None
