"""The PDF layer: open a file with pypdfium2 and produce one `PageText` per page.

pypdfium2 reads text an order of magnitude faster than pdfplumber and opens PDFs that are
encrypted with only an owner password (copy/print restrictions), which must still be read.
Every library failure is mapped to a `PdfError`, so callers never see pdfium exceptions.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parser_worker.extraction.ocr import OcrUnavailable, ocr_pages
from parser_worker.extraction.page_text import PageText
from vendor_core.reports.extraction import (
    EmptyPdf,
    EncryptedPdf,
    ParseTimeout,
    PdfError,
    TooManyPages,
    UnreadablePdf,
)

OcrMode = Literal["auto", "always", "never"]

# Fewer visible characters than this means the page is a scan (or a blank/separator page).
_MIN_TEXT_CHARS = 20


@dataclass(slots=True)
class PdfText:
    pages: list[PageText]
    ocr_pages: int = 0
    warnings: list[str] = field(default_factory=list)


def _open(path: Path) -> pdfium.PdfDocument:
    if not path.is_file():
        raise UnreadablePdf(f"not a readable file: {path.name}")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _classify_failure(path, exc) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise UnreadablePdf(f"not a readable PDF: {exc}") from exc


def _classify_failure(path: Path, exc: pdfium.PdfiumError) -> PdfError:
    """Why pdfium refused the file. Its error code is process-global and can be stale (left
    over from an earlier failed load), so it is confirmed against the file itself."""
    try:
        data = path.read_bytes()
    except OSError:
        return UnreadablePdf(f"not a readable PDF: {exc}")
    if b"/Encrypt" in data and getattr(exc, "err_code", None) in (
        pdfium_c.FPDF_ERR_PASSWORD,
        pdfium_c.FPDF_ERR_SECURITY,
    ):
        return EncryptedPdf("the PDF needs a password to open")
    if b"/Encrypt" in data:
        return EncryptedPdf("the PDF is encrypted and cannot be opened")
    if _has_no_pages(data):
        return EmptyPdf("the PDF has no pages")
    return UnreadablePdf(f"not a readable PDF: {exc}")


def _has_no_pages(data: bytes) -> bool:
    # pdfium refuses an empty page tree outright; a zero /Count with no page objects is the tell.
    return (
        re.search(rb"/Type\s*/Page(?![a-zA-Z])", data) is None
        and re.search(rb"/Count\s+0(?!\d)", data) is not None
    )


def _safe_page_text(doc: pdfium.PdfDocument, index: int) -> str:
    """A page's text layer; a damaged page reads as blank instead of sinking the report."""
    try:
        page = doc[index]
    except Exception:
        return ""
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range()
        finally:
            textpage.close()
    except Exception:
        return ""
    finally:
        page.close()


def _apply_ocr(doc: pdfium.PdfDocument, result: PdfText, numbers: list[int]) -> None:
    try:
        texts = ocr_pages(numbers, lambda number: doc[number - 1])
    except OcrUnavailable:
        result.warnings.append("ocr_unavailable")
        return
    for number, text in texts.items():
        result.ocr_pages += 1
        # A failed OCR run must not erase a text layer that "always" mode OCR'd anyway.
        if text.strip() or not result.pages[number - 1].text.strip():
            result.pages[number - 1] = PageText(number, text, ocr=True)


def read_pdf(
    path: str | Path, *, max_pages: int, ocr: OcrMode, deadline_s: float | None = None
) -> PdfText:
    """Read every page's text; OCR image-only pages per `ocr`. Raises only `PdfError`s."""
    started = time.monotonic()
    doc = _open(Path(path))
    try:
        try:
            count = len(doc)
        except Exception as exc:  # pdfium can fail late on damaged page trees
            raise UnreadablePdf(f"cannot count pages: {exc}") from exc
        if count == 0:
            raise EmptyPdf("the PDF has no pages")
        if count > max_pages:
            raise TooManyPages(f"the PDF has {count} pages; the limit is {max_pages}")
        result = PdfText(pages=[])
        wanted: list[int] = []
        for index in range(count):
            if deadline_s is not None and time.monotonic() - started > deadline_s:
                raise ParseTimeout(f"reading took longer than {deadline_s:.0f} s")
            text = _safe_page_text(doc, index)
            result.pages.append(PageText(index + 1, text))
            if ocr == "always" or (ocr == "auto" and len("".join(text.split())) < _MIN_TEXT_CHARS):
                wanted.append(index + 1)
        if wanted:
            _apply_ocr(doc, result, wanted)
        if result.ocr_pages:
            result.warnings.append("ocr_used")
        return result
    finally:
        doc.close()


# A ruled table draws at least a few lines; text-only pages have (almost) no path objects.
_MIN_RULE_PATHS = 4


def ruled_pages(path: str | Path, numbers: list[int]) -> list[int]:
    """The pages among `numbers` that draw lines (candidates for a ruled table)."""
    if not numbers:
        return []
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception:
        return []
    ruled = []
    try:
        for number in numbers:
            try:
                page = doc[number - 1]
            except Exception:
                continue
            try:
                objects = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)
                for paths, _ in enumerate(objects, start=1):
                    if paths >= _MIN_RULE_PATHS:
                        ruled.append(number)
                        break
            except Exception:
                continue
            finally:
                page.close()
    finally:
        doc.close()
    return ruled
