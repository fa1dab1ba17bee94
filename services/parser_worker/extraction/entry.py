"""The public entry point: a PDF path in, an `Extraction` out (or a `PdfError`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from parser_worker.extraction.core import extract_from_pages
from parser_worker.extraction.pdf import OcrMode, read_pdf
from parser_worker.extraction.tables import with_tables
from vendor_core.reports.extraction import Extraction, PdfError, UnreadablePdf

_CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise UnreadablePdf(f"cannot read file: {exc}") from exc
    return digest.hexdigest()


def extract(
    path: str | Path,
    *,
    max_pages: int = 1000,
    ocr: OcrMode = "auto",
    deadline_s: float | None = None,
) -> Extraction:
    """Extract a SOC report. Raises only `PdfError` subclasses (unreadable, encrypted, empty,
    too many pages, timeout); a file it can open always yields an `Extraction`."""
    path = Path(path)
    sha256 = _sha256(path)
    text = read_pdf(path, max_pages=max_pages, ocr=ocr, deadline_s=deadline_s)
    pages = with_tables(path, text.pages)
    try:
        return extract_from_pages(
            pages, sha256=sha256, ocr_pages=text.ocr_pages, warnings=text.warnings
        )
    except PdfError:
        raise
    except RecursionError as exc:  # pathological text; never let it escape as a crash
        raise UnreadablePdf(f"text could not be analysed: {exc}") from exc
