"""OCR of image-only pages with the Tesseract CLI (optional system dependency)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# 300 dpi is Tesseract's sweet spot for body text; PDF user space is 72 dpi.
_RENDER_SCALE = 300 / 72
_TIMEOUT_S = 60


class OcrUnavailable(Exception):
    """Tesseract is not installed (or not runnable)."""


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def ocr_page(page: pdfium.PdfPage) -> str:
    """Render `page` and return Tesseract's text; raises OcrUnavailable without Tesseract."""
    binary = tesseract_path()
    if binary is None:
        raise OcrUnavailable("tesseract not found on PATH")
    bitmap = page.render(scale=_RENDER_SCALE, grayscale=True)
    try:
        image = bitmap.to_pil()
    finally:
        bitmap.close()
    with tempfile.TemporaryDirectory(prefix="vr-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            done = subprocess.run(
                [binary, str(png), "stdout", "--psm", "3"],
                capture_output=True,
                timeout=_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OcrUnavailable(str(exc)) from exc
    if done.returncode != 0:
        return ""
    return done.stdout.decode("utf-8", errors="replace")
