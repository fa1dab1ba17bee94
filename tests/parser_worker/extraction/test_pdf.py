"""The PDF layer end to end: real PDFs built with reportlab at test time."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from parser_worker.extraction import extract
from parser_worker.extraction import ocr as ocr_module
from vendor_core.reports.extraction import (
    EmptyPdf,
    EncryptedPdf,
    Opinion,
    ReportKind,
    ReportType,
    TooManyPages,
    UnreadablePdf,
)

from .pdf_builders import write_image_page_pdf, write_pdf, write_zero_page_pdf

REPORT = [
    "Hooli Inc.\nSOC 2 Type 2 Report\nReport on Controls Relevant to Security and Availability\n"
    "Throughout the Period January 1, 2025 to December 31, 2025",
    "Independent Service Auditor's Report\nTo the Management of Hooli Inc.:\n"
    "We have examined Hooli Inc.'s accompanying description of its Search Cloud system "
    "throughout the period January 1, 2025 to December 31, 2025 based on the trust services "
    "criteria relevant to security and availability (applicable trust services criteria).\n"
    "In our opinion, in all material respects, the controls stated in the description operated "
    "effectively throughout the period January 1, 2025 to December 31, 2025.\n"
    "Pied Piper & Associates LLP\nPalo Alto, California\nFebruary 20, 2026",
    "Control # Control Activity Test Performed Results\n"
    "AC-1 Access is reviewed quarterly. Inspected reviews. No exceptions noted.\n"
    "AC-2 Access is removed on termination. Inspected tickets. Exception noted. For 2 of 25 "
    "terminations, access was removed late.",
]


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "report.pdf", REPORT)


class TestReadablePdfs:
    def test_ordinary_report(self, report_pdf: Path) -> None:
        result = extract(report_pdf)
        assert result.report_kind is ReportKind.soc2
        assert result.report_type is ReportType.type2
        assert (result.period_start, result.period_end) == (
            dt.date(2025, 1, 1),
            dt.date(2025, 12, 31),
        )
        assert result.opinion is Opinion.unqualified
        assert [e.control_id for e in result.exceptions] == ["AC-2"]
        assert result.report_date == dt.date(2026, 2, 20)
        assert result.source.pages == 3
        assert len(result.source.sha256) == 64
        assert result.evidence["opinion"][0].page == 2

    def test_owner_password_only_encryption_is_still_read(self, tmp_path: Path) -> None:
        path = write_pdf(tmp_path / "restricted.pdf", REPORT, owner_password="owner-secret")
        assert b"/Encrypt" in path.read_bytes()
        result = extract(path)
        assert result.report_kind is ReportKind.soc2
        assert result.opinion is Opinion.unqualified


class TestUnreadablePdfs:
    def test_user_password(self, tmp_path: Path) -> None:
        path = write_pdf(tmp_path / "locked.pdf", REPORT, owner_password="o", user_password="u")
        with pytest.raises(EncryptedPdf) as info:
            extract(path)
        assert info.value.code == "encrypted_pdf"

    def test_corrupt_bytes(self, tmp_path: Path) -> None:
        path = tmp_path / "corrupt.pdf"
        path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
        with pytest.raises(UnreadablePdf):
            extract(path)

    def test_truncated_file(self, tmp_path: Path, report_pdf: Path) -> None:
        path = tmp_path / "truncated.pdf"
        path.write_bytes(report_pdf.read_bytes()[:400])
        with pytest.raises(UnreadablePdf):
            extract(path)

    def test_zero_pages(self, tmp_path: Path) -> None:
        with pytest.raises(EmptyPdf) as info:
            extract(write_zero_page_pdf(tmp_path / "empty.pdf"))
        assert info.value.code == "empty_pdf"

    def test_over_the_page_limit(self, report_pdf: Path) -> None:
        with pytest.raises(TooManyPages):
            extract(report_pdf, max_pages=2)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(UnreadablePdf):
            extract(tmp_path / "nope.pdf")

    def test_not_a_pdf_at_all(self, tmp_path: Path) -> None:
        path = tmp_path / "image.pdf"
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
        with pytest.raises(UnreadablePdf):
            extract(path)


SCAN_LINES = [
    "SOC 2 Type 2 Report",
    "In our opinion, in all material respects,",
    "the controls operated effectively throughout",
    "the period January 1, 2025 to December 31, 2025.",
]
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")


class TestOcr:
    @needs_tesseract
    def test_image_only_page_is_ocrd_in_auto_mode(self, tmp_path: Path) -> None:
        result = extract(write_image_page_pdf(tmp_path / "scan.pdf", SCAN_LINES))
        assert result.source.ocr_pages == 1
        assert "ocr_used" in result.warnings
        assert result.report_kind is ReportKind.soc2
        assert result.period_end == dt.date(2025, 12, 31)

    def test_never_skips_ocr(self, tmp_path: Path) -> None:
        result = extract(write_image_page_pdf(tmp_path / "scan.pdf", SCAN_LINES), ocr="never")
        assert result.source.ocr_pages == 0
        assert result.report_kind is ReportKind.unknown

    @needs_tesseract
    def test_auto_leaves_pages_with_a_text_layer_alone(self, report_pdf: Path) -> None:
        assert extract(report_pdf).source.ocr_pages == 0

    @needs_tesseract
    def test_always_ocrs_every_page(self, report_pdf: Path) -> None:
        result = extract(report_pdf, ocr="always")
        assert result.source.ocr_pages == 3
        assert result.report_kind is ReportKind.soc2

    def test_missing_tesseract_warns_instead_of_crashing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(ocr_module, "tesseract_path", lambda: None)
        result = extract(write_image_page_pdf(tmp_path / "scan.pdf", SCAN_LINES))
        assert "ocr_unavailable" in result.warnings
        assert result.source.ocr_pages == 0
