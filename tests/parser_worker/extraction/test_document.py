"""Document furniture: page numbers are stripped, wrapped numbers in result cells are not."""

from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.test_results import detect_exceptions

Doc = Callable[..., Document]


@pytest.mark.parametrize("number_line", ["12", "- 12 -", "Page 12", "xii"])
def test_page_number_at_the_bottom_is_furniture(document: Doc, number_line: str) -> None:
    doc = document(f"Body line one.\nBody line two.\nBody line three.\nBody four.\n{number_line}")
    assert all(number_line not in line for line in doc.pages[0].lines)


@pytest.mark.parametrize(
    ("wrapped", "expected"),
    [
        ("For\n6 out of the\n40\ntransaction\nfiles\nsampled,\ncontrol\ntotals were not", (6, 40)),
        ("For two of\nthe\n25\nchanges\nsampled,\napproval\nwas not\nrecorded\nin the", (2, 25)),
    ],
)
def test_sample_size_wrapped_onto_its_own_line_mid_page_is_kept(
    document: Doc, wrapped: str, expected: tuple[int, int]
) -> None:
    doc = document(
        "# Control Test of Controls Results\n"
        "4.1 Client files are validated for record counts and\ncontrol totals upon receipt.\n"
        f"For a sample of files, reperformed the validation. Deviation\nnoted. {wrapped}\n"
        "validated.\n4.2 Rejected transactions are resolved.\nInspected reports.\nNo\n"
        "deviations\nnoted.\nBody\nBody\nBody"
    )
    found = detect_exceptions(doc).value
    assert [(f.deviations, f.sample_size) for f in found] == [expected]


def test_page_of_pages_line_mid_page_is_still_furniture(document: Doc) -> None:
    doc = document("Heading\nIntro.\nMore intro.\nPage 3 of 10\nBody text.\nMore.\nEnd.")
    assert "Page 3 of 10" not in doc.pages[0].lines
