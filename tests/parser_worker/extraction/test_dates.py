import datetime as dt

import pytest

from parser_worker.extraction.dates import find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("December 31, 2025", dt.date(2025, 12, 31)),
        ("31 December 2025", dt.date(2025, 12, 31)),
        ("12/31/2025", dt.date(2025, 12, 31)),
        ("Dec. 31, 2025", dt.date(2025, 12, 31)),
        ("Sept. 30 2024", dt.date(2024, 9, 30)),
        ("2025-12-31", dt.date(2025, 12, 31)),
        ("the 1st of July, 2024", dt.date(2024, 7, 1)),
    ],
)
def test_parses_the_formats_auditors_print(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_footnote_digit_glued_to_the_year_is_not_part_of_it() -> None:
    assert parse_date("as of September 30, 20183") == dt.date(2018, 9, 30)


def test_glued_words_around_dates_still_parse() -> None:
    dates = [d.date for d in find_dates("periodJanuary1,2025 toDecember31,2025")]
    assert dates == [dt.date(2025, 1, 1), dt.date(2025, 12, 31)]


def test_impossible_dates_are_ignored() -> None:
    assert parse_date("February 30, 2025") is None


def test_dates_come_back_in_reading_order() -> None:
    text = "from 2025-01-01 to 31 December 2025, issued March 3, 2026"
    assert [d.date.month for d in find_dates(text)] == [1, 12, 3]
