"""Helpers for the extraction tests: page texts in, a Document or Extraction out."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from parser_worker.extraction import PageText, extract_from_pages
from parser_worker.extraction.document import Document
from vendor_core.reports.extraction import Extraction


def make_pages(*texts: str) -> list[PageText]:
    return [PageText(number, text) for number, text in enumerate(texts, start=1)]


@pytest.fixture
def document() -> Callable[..., Document]:
    """document("page 1 text", "page 2 text", ...) -> Document."""
    return lambda *texts: Document(make_pages(*texts))


@pytest.fixture
def extraction() -> Callable[..., Extraction]:
    """extraction("page 1 text", ...) -> Extraction from the text core."""
    return lambda *texts: extract_from_pages(make_pages(*texts), sha256="0" * 64)
