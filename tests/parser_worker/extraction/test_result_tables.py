"""Test-result tables read with cell structure (ruled tables from pdfplumber)."""

from pathlib import Path

from parser_worker.extraction import PageText, extract
from parser_worker.extraction.document import Document
from parser_worker.extraction.pdf import read_pdf
from parser_worker.extraction.tables import pages_needing_tables
from parser_worker.extraction.test_results import detect_exceptions, is_exception_result

from .pdf_builders import write_table_pdf

HEADER = ("Control #", "Control Activity", "Tests Performed", "Results of Testing")


def _doc(*tables: tuple[tuple[str, ...], ...]) -> Document:
    pages = [
        PageText(n, "\n".join(" ".join(row) for row in table), tables=(table,))
        for n, table in enumerate(tables, start=1)
    ]
    return Document(pages)


def test_results_column_is_found_by_its_header_not_its_position() -> None:
    table = (
        ("Ref", "Service Auditor's Results", "Control Description", "Testing Procedures"),
        ("AC-1", "No exceptions noted.", "Exceptions noted: escalated to the CISO.", "Inquired."),
        ("AC-2", "Exception noted. For 1 of 20 users, MFA was off.", "MFA is on.", "Inspected."),
    )
    (finding,) = detect_exceptions(_doc(table)).value
    assert finding.control_id == "AC-2"
    assert (finding.deviations, finding.sample_size) == (1, 20)


def test_header_carries_over_and_rows_continue_across_pages() -> None:
    first = (HEADER, ("CM-1", "Changes are approved.", "Inspected 25 changes.", "Exception noted."))
    second = (("", "", "", "For 3 of 25 changes, approval was\nmissing."),)
    (finding,) = detect_exceptions(_doc(first, second)).value
    assert finding.control_id == "CM-1"
    assert (finding.deviations, finding.sample_size) == (3, 25)


def test_mid_word_wrapped_result_cell_is_no_exception() -> None:
    table = (HEADER, ("BK-1", "Backups are retained.", "Inspected.", "No Exce\nptions\nNoted"))
    assert detect_exceptions(_doc(table)).value == []


def test_firm_id_column_wins_over_criteria_column() -> None:
    table = (
        ("TSC", "Control No.", "Control Activity", "Test Results"),
        ("CC7.2", "VM - 6", "Scans run weekly.", "Deviation noted. 2 of 52 weekly scans missing."),
    )
    (finding,) = detect_exceptions(_doc(table)).value
    assert finding.control_id == "VM - 6"
    assert finding.criteria == ["CC7.2"]


def test_description_wording_alone_is_not_a_result() -> None:
    assert not is_exception_result("Exceptions noted, if any, are tracked to resolution.")


def test_ruled_table_in_a_real_pdf(tmp_path: Path) -> None:
    path = write_table_pdf(
        tmp_path / "tests.pdf",
        "SOC 2 Type 2 Section IV: Trust Services Criteria, Controls, Tests and Results",
        ["Criteria", "Control #", "Control Activity", "Tests Performed", "Test Results"],
        [
            [
                "CC6.1",
                "DS-1",
                "Exceptions noted, if any, are tracked to resolution.",
                "Inspected the tracker.",
                "No exceptions noted.",
            ],
            [
                "CC6.2",
                "VM - 6",
                "Terminated users are removed within 24 hours.",
                "Inspected a sample of terminated users.",
                "Exception noted. For two of twenty-five terminated users, access was late.",
            ],
            # Short cells share a baseline: the text layer prints them as one line and the
            # result follows other columns' words, so the table structure decides.
            ["CC6.4", "DS-4", "Keys rotate", "Inspected keys", "Exception noted"],
            ["CC6.3", "DS-3", "Access is reviewed.", "Inspected reviews.", "No Exceptions Noted."],
        ],
        col_widths=[45, 45, 140, 130, 100],
    )
    pages = read_pdf(path, max_pages=10, ocr="never").pages
    assert pages_needing_tables(pages) == [1]
    result = extract(path)
    assert [(e.control_id, e.criteria) for e in result.exceptions] == [
        ("VM - 6", ["CC6.2"]),
        ("DS-4", ["CC6.4"]),
    ]
    assert (result.exceptions[0].deviations, result.exceptions[0].sample_size) == (2, 25)
