"""Small real PDFs for API and worker tests, drawn with reportlab.

The labelled corpus for the extraction itself is tests/corpus/; these only need to be real
PDFs that the parser reads as an ordinary SOC 2 type 2 report.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

SOC2_PAGES = [
    [
        "Acme Cloud, Inc.",
        "SOC 2 Type 2 Report",
        "Report on Acme Cloud's Description of Its Hosting Platform and on the Suitability",
        "of the Design and Operating Effectiveness of Its Controls Relevant to Security",
        "and Availability Throughout the Period January 1, 2025 to December 31, 2025",
    ],
    [
        "Section I - Independent Service Auditor's Report",
        "To the Management of Acme Cloud, Inc.:",
        "Scope",
        "We have examined Acme Cloud's accompanying description of its Hosting Platform",
        "throughout the period January 1, 2025 to December 31, 2025 and the suitability of",
        "the design and operating effectiveness of controls stated in the description to",
        "provide reasonable assurance that Acme Cloud's service commitments and system",
        "requirements were achieved based on the trust services criteria relevant to",
        "security and availability (applicable trust services criteria).",
        "Opinion",
        "In our opinion, in all material respects, the description presents the Hosting",
        "Platform that was designed and implemented throughout the period January 1, 2025",
        "to December 31, 2025, the controls were suitably designed and operated effectively",
        "throughout the period to provide reasonable assurance that the service commitments",
        "and system requirements were achieved based on the applicable criteria.",
        "Example Assurance LLP",
        "Boston, Massachusetts",
        "February 14, 2026",
    ],
]


def _long(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def soc2_type2_pdf(
    *,
    padding_pages: int = 0,
    marker: str = "",
    period: tuple[dt.date, dt.date] = (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
) -> bytes:
    """A short SOC 2 type 2 report; `marker` makes the bytes (and the hash) unique."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    start, end = _long(period[0]), _long(period[1])
    signed = _long(period[1] + dt.timedelta(days=45))
    pages = [
        [
            line.replace("January 1, 2025", start)
            .replace("December 31, 2025", end)
            .replace("February 14, 2026", signed)
            for line in page
        ]
        for page in SOC2_PAGES
    ]
    for n in range(padding_pages):
        pages.append(
            [
                f"Section IV - Tests of Controls (continued {n + 1})",
                "CC6.1 The entity restricts logical access. Inspected the access policy.",
                "No exceptions noted.",
            ]
        )
    for lines in pages:
        y = 740
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        if marker:
            pdf.drawString(60, 40, f"ref {marker}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
