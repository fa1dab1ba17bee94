"""Build the small committed fixture PDFs in tests/fixtures/pdfs/ (deterministic).

    python -m tests.corpus.fixtures [OUTDIR]

Readable fixtures get `NAME.expected.json` labels (Extraction-shaped). Unreadable ones get
`{"error": {"code": ...}}` with the `PdfError.code` the parser should raise.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas as rl_canvas

from tests.corpus import wording
from tests.corpus.generator import ExceptionSpec, ReportSpec, SubserviceSpec, write_report

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "pdfs"
USER_PASSWORD = "open-sesame"


def fixture_specs() -> dict[str, ReportSpec]:
    r = wording.MANAGEMENT_RESPONSES
    return {
        "soc2_type2_exceptions": ReportSpec(
            name="soc2_type2_exceptions",
            kind="soc2",
            type="type2",
            period_start=dt.date(2024, 10, 1),
            period_end=dt.date(2025, 9, 30),
            report_date=dt.date(2025, 11, 14),
            categories=("security", "availability", "confidentiality"),
            opinion="qualified",
            exceptions=[
                ExceptionSpec("access_termination", 3, 25, response=r[0], material=True),
                ExceptionSpec("change_approval", 2, 40, response=r[4]),
                ExceptionSpec("pen_test", response=r[5]),
                ExceptionSpec("security_training", 4, 60),
            ],
            not_tested=["incident_response", "media_disposal"],
            service_org="Northwind Analytics, Inc.",
            service_org_short="Northwind",
            system_name="Northwind Insights Platform",
            auditor="Halvorsen & Pike LLP",
            auditor_city="Chicago, Illinois",
            subservice=[
                SubserviceSpec("Amazon Web Services", "carve-out"),
                SubserviceSpec("Okta", "carve-out"),
            ],
            cuec_count=7,
            style="classic",
            id_style="domain_spaced",
            traps=frozenset(
                {
                    "as_of_in_type2",
                    "except_for_boilerplate",
                    "exception_summary",
                    "banner",
                    "footnote_years",
                }
            ),
            n_controls=26,
            seed=101,
        ),
        "soc1_type1": ReportSpec(
            name="soc1_type1",
            kind="soc1",
            type="type1",
            period_start=None,
            period_end=dt.date(2025, 6, 30),
            report_date=dt.date(2025, 8, 22),
            categories=(),
            opinion="unqualified",
            service_org="Bluefin Payroll Services LLC",
            service_org_short="Bluefin",
            system_name="Bluefin Payroll Processing System",
            auditor="Brightwater Assurance, LLC",
            auditor_city="Denver, Colorado",
            subservice=[SubserviceSpec("Microsoft Azure", "carve-out")],
            cuec_count=6,
            style="regional",
            id_style="objective",
            traps=frozenset({"type1_tests_mention", "assertion_date_differs"}),
            seed=102,
        ),
        "soc3": ReportSpec(
            name="soc3",
            kind="soc3",
            type=None,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            report_date=dt.date(2026, 3, 6),
            categories=("security", "availability"),
            opinion="unqualified",
            service_org="Verdant Identity Corp.",
            service_org_short="Verdant",
            system_name="Verdant Identity Cloud",
            auditor="Meridian Audit Partners",
            auditor_city="Boston, Massachusetts",
            subservice=[SubserviceSpec("Google Cloud Platform", "carve-out")],
            cuec_count=None,
            style="midtier",
            traps=frozenset({"soc3_footer_leftover", "banner"}),
            seed=103,
        ),
        "encrypted_owner_password": ReportSpec(
            name="encrypted_owner_password",
            kind="soc2",
            type="type2",
            period_start=dt.date(2025, 4, 1),
            period_end=dt.date(2025, 9, 30),
            report_date=dt.date(2025, 12, 1),
            categories=("security",),
            opinion="unqualified",
            exceptions=[ExceptionSpec("change_testing", 1, 25, response=r[6])],
            service_org="Lumen Forge, Inc.",
            service_org_short="Lumen Forge",
            system_name="Lumen Forge Observability Service",
            auditor="Jordan T. Castellano, CPA",
            auditor_city="Licence No. CPA-0148213, State of Nevada",
            auditor_is_individual=True,
            cuec_count=5,
            style="platform",
            id_style="numeric",
            encrypt_owner=True,
            n_controls=16,
            seed=104,
        ),
        "scanned": ReportSpec(
            name="scanned",
            kind="soc2",
            type="type1",
            period_start=None,
            period_end=dt.date(2025, 3, 31),
            report_date=dt.date(2025, 5, 2),
            categories=("security", "confidentiality"),
            opinion="unqualified",
            service_org="Quillstone Software Ltd.",
            service_org_short="Quillstone",
            system_name="Quillstone Document Management SaaS",
            auditor="Ashford Whitlock LLP",
            auditor_city="London, United Kingdom",
            cuec_count=4,
            style="international",
            id_style="domain",
            traps=frozenset({"isae3000", "type1_tests_mention"}),
            scanned=True,
            scan_dpi=130,
            scan_bilevel=True,
            n_controls=8,
            seed=105,
        ),
    }


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2) + "\n")


def _user_encrypted(path: Path) -> None:
    c = rl_canvas.Canvas(str(path), pagesize=LETTER, invariant=1, encrypt=USER_PASSWORD)
    c.setFont("Helvetica-Bold", 18)
    c.drawString(72, 700, "Fernwood Secure Messaging, Inc.")
    c.setFont("Helvetica", 12)
    c.drawString(72, 670, "SOC 2 Type 2 Report — opens only with the user password")
    c.showPage()
    c.save()


def _corrupt(path: Path) -> None:
    rng = random.Random(404)
    garbage = bytes(rng.randrange(256) for _ in range(6000))
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + garbage + b"\n%%EOF\n")


def _truncated(src: Path, path: Path) -> None:
    data = src.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 5])


def build_fixtures(outdir: str | Path = FIXTURE_DIR) -> list[Path]:
    """Write every fixture into `outdir`; return the PDF paths."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in fixture_specs().items():
        path = outdir / f"{name}.pdf"
        write_report(spec, path)
        written.append(path)
    enc = outdir / "encrypted_user_password.pdf"
    _user_encrypted(enc)
    _write_json(
        outdir / "encrypted_user_password.expected.json",
        {"error": {"code": "encrypted_pdf"}, "user_password": USER_PASSWORD},
    )
    bad = outdir / "corrupt.pdf"
    _corrupt(bad)
    _write_json(outdir / "corrupt.expected.json", {"error": {"code": "unreadable_pdf"}})
    trunc = outdir / "truncated.pdf"
    _truncated(outdir / "soc2_type2_exceptions.pdf", trunc)
    _write_json(
        outdir / "truncated.expected.json",
        {
            "error": {"code": "unreadable_pdf"},
            "note": "the first 40% of soc2_type2_exceptions.pdf: no xref, no trailer, most "
            "page objects missing",
        },
    )
    written += [enc, bad, trunc]
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else FIXTURE_DIR
    paths = build_fixtures(out)
    for p in paths:
        sys.stdout.write(f"{p.name}\t{p.stat().st_size // 1024} KB\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
