"""Shared schema pieces: the base model, pages, problems."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ApiModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def _nul_paths(value: object, path: str = "body") -> Iterator[str]:
    """Where in a JSON value a string (or an object key) holds a NUL character."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_paths(key, path)
            yield from _nul_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{index}")


class RequestModel(BaseModel):
    """A request body: no unknown fields, and no NUL characters anywhere in it (PostgreSQL
    text and JSONB cannot store them; they would otherwise surface as a server error)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul_characters(cls, data: Any) -> Any:
        where = next(_nul_paths(data), None)
        if where is not None:
            raise ValueError(f"text must not contain NUL (\\u0000) characters: {where}")
        return data


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
    # `model` registers the Problem component (FastAPI files it under application/json);
    # the reference gives the media type the API actually sends the same body shape.
    problem_json = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {
        status: {"model": Problem, "content": {"application/problem+json": problem_json}}
        for status in statuses
    }
