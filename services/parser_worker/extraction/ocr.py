"""OCR of image-only pages with the Tesseract CLI (optional system dependency).

Pages are rendered by pdfium in the calling thread (pdfium is not thread-safe) and the
Tesseract processes run in parallel, since each page's OCR takes seconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# 300 dpi is Tesseract's sweet spot for body text; PDF user space is 72 dpi.
_RENDER_SCALE = 300 / 72
_TIMEOUT_S = 90


class OcrUnavailable(Exception):
    """Tesseract is not installed (or not runnable)."""


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def _render(page: pdfium.PdfPage, png: Path) -> None:
    bitmap = page.render(scale=_RENDER_SCALE, grayscale=True)
    try:
        bitmap.to_pil().save(png)
    finally:
        bitmap.close()


def _tesseract(binary: str, png: Path) -> str:
    try:
        done = subprocess.run(
            [binary, str(png), "stdout", "--psm", "3"],
            capture_output=True,
            timeout=_TIMEOUT_S,
            check=False,
            # Pages already run in parallel; Tesseract's own OpenMP threads would only
            # oversubscribe the CPUs.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else ""


def ocr_pages(numbers: Iterable[int], load_page: Callable[[int], pdfium.PdfPage]) -> dict[int, str]:
    """OCR text per page number; raises OcrUnavailable when Tesseract is missing.

    `load_page(number)` returns an open pdfium page, which is closed here after rendering.
    """
    binary = tesseract_path()
    if binary is None:
        raise OcrUnavailable("tesseract not found on PATH")
    workers = max(1, min(8, os.cpu_count() or 1))
    with tempfile.TemporaryDirectory(prefix="vr-ocr-") as tmp, ThreadPoolExecutor(workers) as pool:
        futures = {}
        for number in numbers:
            png = Path(tmp) / f"page-{number}.png"
            page = load_page(number)
            try:
                _render(page, png)
            except Exception:
                continue  # an unrenderable page stays blank
            finally:
                page.close()
            futures[number] = pool.submit(_tesseract, binary, png)
        return {number: future.result() for number, future in futures.items()}
