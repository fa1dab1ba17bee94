import datetime as dt
from collections.abc import Callable

import pytest

from parser_worker.extraction.document import Document
from parser_worker.extraction.period import detect_period
from vendor_core.reports.extraction import ReportType

Doc = Callable[..., Document]


@pytest.mark.parametrize(
    "scope",
    [
        "We have examined the description throughout the period January 1, 2025 to December 31, "
        "2025.",
        "We have examined the description for the period from 1 January 2025 through 31 December "
        "2025.",
        "We have examined the description during the period 01/01/2025 - 12/31/2025.",
        "We have examined the description for the period beginning Jan. 1, 2025 and ending Dec. "
        "31, 2025.",
        "We have examined the description for the twelve months ended December 31, 2025.",
    ],
)
def test_type2_period_wordings(document: Doc, scope: str) -> None:
    found = detect_period(document("Report", scope), ReportType.type2)
    assert found.value == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert found.evidence


def test_type1_has_no_start_and_ends_on_the_as_of_date(document: Doc) -> None:
    doc = document(
        "SOC 2 Type 1 Report as of June 30, 2025",
        "We have examined the description as of June 30, 2025 and the suitability of the design.",
    )
    assert detect_period(doc, ReportType.type1).value == (None, dt.date(2025, 6, 30))


def test_issue_and_assertion_dates_do_not_vote(document: Doc) -> None:
    doc = document(
        "Report throughout the period October 1, 2024 to September 30, 2025",
        "In our opinion, the controls operated effectively throughout the period October 1, "
        "2024 to September 30, 2025.\nDenver, Colorado\nDecember 12, 2025",
        "Management's assertion dated December 12, 2025 as of December 12, 2025.",
    )
    assert detect_period(doc, ReportType.type2).value == (
        dt.date(2024, 10, 1),
        dt.date(2025, 9, 30),
    )


def test_footnote_glued_year_in_title(document: Doc) -> None:
    doc = document("For the period October 1, 2017 to September 30, 20181")
    assert detect_period(doc, ReportType.type2).value == (
        dt.date(2017, 10, 1),
        dt.date(2018, 9, 30),
    )


def test_title_period_split_over_two_lines(document: Doc) -> None:
    doc = document("SOC 2 Type II\nFor the Period March 1, 2025\nto August 31, 2025")
    assert detect_period(doc, ReportType.type2).value == (dt.date(2025, 3, 1), dt.date(2025, 8, 31))


def test_two_competing_periods_warn(document: Doc) -> None:
    doc = document(
        "For the period January 1, 2025 to June 30, 2025",
        "We have examined the description throughout the period January 1, 2024 to December 31, "
        "2024.",
        "In our opinion ... throughout the period January 1, 2024 to December 31, 2024.",
    )
    assert "period_ambiguous" in detect_period(doc, ReportType.type2).warnings
