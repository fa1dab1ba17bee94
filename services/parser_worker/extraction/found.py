"""A value read from the report, with the evidence a reviewer checks it against."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from vendor_core.reports.extraction import Evidence

T = TypeVar("T")

_MAX_EVIDENCE_CHARS = 300


def evidence(page: int, text: str) -> Evidence:
    """Evidence trimmed to a readable length."""
    text = text.strip()
    if len(text) > _MAX_EVIDENCE_CHARS:
        text = text[: _MAX_EVIDENCE_CHARS - 3].rstrip() + "..."
    return Evidence(page=page, text=text)


@dataclass(slots=True)
class Found(Generic[T]):
    value: T
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
