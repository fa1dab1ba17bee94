"""Build small real PDFs at test time (reportlab), including broken and encrypted ones."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

_MARGIN = 54
_LEADING = 13


def write_pdf(
    path: Path,
    pages: Sequence[str],
    *,
    owner_password: str | None = None,
    user_password: str = "",
) -> Path:
    """One page per string; lines wrap at ~95 characters. Optionally encrypted."""
    encrypt = None
    if owner_password is not None or user_password:
        encrypt = pdfencrypt.StandardEncryption(
            user_password,
            ownerPassword=owner_password or "owner",
            canPrint=0,
            canCopy=0,
            strength=128,
        )
    pdf = canvas.Canvas(str(path), pagesize=LETTER, encrypt=encrypt)
    _, height = LETTER
    for page in pages:
        y = height - _MARGIN
        pdf.setFont("Helvetica", 10)
        for paragraph in page.split("\n"):
            for line in textwrap.wrap(paragraph, 95) or [""]:
                if y < _MARGIN:
                    break
                pdf.drawString(_MARGIN, y, line)
                y -= _LEADING
        pdf.showPage()
    pdf.save()
    return path


def write_image_page_pdf(path: Path, lines: Sequence[str]) -> Path:
    """A one-page PDF whose only content is a picture of `lines` (a scan: no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 44)
    except OSError:
        font = ImageFont.load_default(size=44)
    y = 150
    for line in lines:
        draw.text((120, y), line, fill=0, font=font)
        y += 70
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=LETTER)
    width, height = LETTER
    pdf.drawImage(ImageReader(buffer), 0, 0, width=width, height=height)
    pdf.showPage()
    pdf.save()
    return path


def write_zero_page_pdf(path: Path) -> Path:
    """A syntactically valid PDF whose page tree is empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    path.write_bytes(out.getvalue())
    return path


def write_table_pdf(
    path: Path,
    intro: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float] | None = None,
) -> Path:
    """A report page with a ruled (grid) test-result table; cells wrap like Word tables do."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    data = [[Paragraph(cell, style) for cell in header]]
    data += [[Paragraph(cell, style) for cell in row] for row in rows]
    table = Table(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    SimpleDocTemplate(str(path), pagesize=LETTER).build([Paragraph(intro, style), table])
    return path
