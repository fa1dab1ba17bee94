"""Opaque cursors for keyset pagination: `(sort value, id)` of the last row, base64'd."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from vendor_core.errors import InvalidInput

MAX_LIMIT = 200


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(sort_value: Any, row_id: uuid.UUID) -> str:
    raw = json.dumps([sort_value, str(row_id)], default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, uuid.UUID]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort_value, row_id = json.loads(base64.urlsafe_b64decode(padded))
        return sort_value, uuid.UUID(row_id)
    except (ValueError, TypeError) as exc:
        raise InvalidInput("invalid pagination cursor", field="cursor") from exc


def decode_time_cursor(cursor: str) -> tuple[dt.datetime, uuid.UUID]:
    """A cursor whose sort value is a timestamp; InvalidInput for any other cursor (a
    well-formed cursor of another list included), never a server error."""
    sort_value, row_id = decode_cursor(cursor)
    try:
        return dt.datetime.fromisoformat(sort_value), row_id
    except (ValueError, TypeError) as exc:
        raise InvalidInput("invalid pagination cursor", field="cursor") from exc


def decode_position_cursor(cursor: str) -> int:
    """A cursor whose sort value is a position in a short list (0 or more)."""
    position, _ = decode_cursor(cursor)
    if type(position) is not int or position < 0:
        raise InvalidInput("invalid pagination cursor", field="cursor")
    return position
