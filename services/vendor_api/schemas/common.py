"""Shared schema pieces: the base model, pages, problems."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ApiModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine-readable `code`."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Stable error code, e.g. `not_found`, `file_too_large`.")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries declaring the problem+json errors a route can return."""
    return {
        status: {"model": Problem, "content": {"application/problem+json": {}}}
        for status in statuses
    }
