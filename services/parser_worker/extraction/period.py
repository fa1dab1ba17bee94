"""The examination period (type 2) or as-of date (type 1).

Candidates come from the title pages and the scope/opinion sentences, where the period is
stated; "as of" and stray dates elsewhere (assertion letters, issue dates) do not vote.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import defaultdict
from typing import TypeVar

from parser_worker.extraction.dates import date_regex, find_dates
from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from vendor_core.reports.extraction import ReportType

_K = TypeVar("_K")

_D = date_regex()
_RANGE = re.compile(
    r"(?:period|from|beginning|commencing|starting|covering)\s*(?:of\s*|from\s*)?"
    rf"(?P<start>{_D})\s*,?\s*(?:to|through|thru|until|till|and\s*ending(?:\s*on)?|ending(?:\s*on)?|-)\s*"
    rf"(?:and\s*including\s*)?(?P<end>{_D})",
    re.IGNORECASE,
)
_MONTHS_ENDED = re.compile(
    r"(?:(?P<n>\d{1,2}|three|six|nine|twelve)[\s-]*months?|(?P<year>year))\s*(?:period\s*)?"
    r"end(?:ed|ing)\s*"
    rf"(?:on\s*)?(?P<end>{_D})",
    re.IGNORECASE,
)
_AS_OF = re.compile(rf"\bas\s*(?:of|at)\s*(?P<end>{_D})", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORD_NUMBERS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
_KEY = re.compile(
    r"in\s*(?:our|my)\s*opinion|(?:we|I)\s*have\s*examined|throughout|examination\s*period|period\s*covered"
    r"|review\s*period|\bscope\b|description\s*of|report\s*on|assertion|suitably\s*designed",
    re.IGNORECASE,
)


def _months_back(end: dt.date, months: int) -> dt.date:
    """First day of an N-month window ending on `end` (a window ending Dec 31 starts Jan 1)."""
    start = end + dt.timedelta(days=1)
    year, month = start.year, start.month - months
    while month < 1:
        month += 12
        year -= 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def _ranges(text: str) -> list[tuple[dt.date, dt.date]]:
    out = []
    for m in _RANGE.finditer(text):
        start, end = find_dates(m["start"]), find_dates(m["end"])
        if start and end and start[0].date < end[0].date:
            out.append((start[0].date, end[0].date))
    for m in _MONTHS_ENDED.finditer(text):
        n = (m["n"] or "12").lower()
        months = int(n) if n.isdigit() else _WORD_NUMBERS[n]
        end = find_dates(m["end"])
        if end and 1 <= months <= 24:
            out.append((_months_back(end[0].date, months), end[0].date))
    return out


def _as_of(text: str) -> list[dt.date]:
    return [d for m in _AS_OF.finditer(text) for d in [find_dates(m["end"])[0].date]]


def _candidates(doc: Document) -> list[tuple[Sentence, float]]:
    chosen: list[tuple[Sentence, float]] = []
    for page in doc.lead_pages(2):
        # Title pages split a period over lines ("For the Period January 1, 2025" / "to ...").
        lines = page.lines[:40]
        for i in range(len(lines)):
            chosen.append((Sentence(page.number, " ".join(lines[i : i + 2])), 2.0))
    for s in doc.sentences():
        # Cheap test first: a period statement has a year in it.
        if _YEAR.search(s.text) and _KEY.search(s.text):
            weight = (
                1.5
                if re.search(r"in\s*(?:our|my)\s*opinion|(?:we|I)\s*have\s*examined", s.text, re.I)
                else 1.0
            )
            chosen.append((s, weight))
    return chosen


def detect_period(
    doc: Document, report_type: ReportType | None
) -> Found[tuple[dt.date | None, dt.date | None]]:
    """(start, end); start is None for type 1 (end is the as-of date)."""
    range_votes: defaultdict[tuple[dt.date, dt.date], float] = defaultdict(float)
    as_of_votes: defaultdict[dt.date, float] = defaultdict(float)
    proof: dict[object, list[Sentence]] = defaultdict(list)
    seen: set[tuple[object, int, float]] = set()
    for s, weight in _candidates(doc):
        for rng in _ranges(s.text):
            if (rng, s.page, weight) not in seen:
                seen.add((rng, s.page, weight))
                range_votes[rng] += weight
                proof[rng].append(s)
        for date in _as_of(s.text):
            if (date, s.page, weight) not in seen:
                seen.add((date, s.page, weight))
                as_of_votes[date] += weight
                proof[date].append(s)
    warnings: list[str] = []
    lead = doc.lead_pages(1)
    first_page = lead[0].number if lead else 0
    if report_type is ReportType.type1 or (report_type is None and not range_votes):
        if not as_of_votes:
            if range_votes:
                (start, end), _ = _ranked(range_votes)[0]
                return Found((None, end), 0.4, _ev(proof[(start, end)]), ["period_ambiguous"])
            return Found((None, None), 0.0)
        ranked = _ranked(as_of_votes)
        date, score = ranked[0]
        if len(ranked) > 1 and ranked[1][1] >= 0.7 * score:
            warnings.append("period_ambiguous")
        conf = 0.9 if not warnings else 0.6
        return Found((None, date), conf, _ev(proof[date]), warnings)
    if not range_votes:
        if as_of_votes:
            date = _ranked(as_of_votes)[0][0]
            return Found((None, date), 0.3, _ev(proof[date]), ["period_ambiguous"])
        return Found((None, None), 0.0)
    ranked_ranges = _ranked(range_votes)
    (start, end), score = ranked_ranges[0]
    if any(other[1] >= 0.7 * score and other[0] != (start, end) for other in ranked_ranges[1:]):
        warnings.append("period_ambiguous")
    title_ranges = {r for r in range_votes if any(s.page == first_page for s in proof[r])}
    other_ranges = {r for r in range_votes if any(s.page != first_page for s in proof[r])}
    if title_ranges and other_ranges and not title_ranges & other_ranges:
        # The title page and the auditor's report disagree: a reviewer must look.
        warnings.append("period_ambiguous")
    conf = 0.95 if not warnings else 0.6
    if (end - start).days > 400 or (end - start).days < 28:
        conf = min(conf, 0.5)
    return Found((start, end), conf, _ev(proof[(start, end)]), warnings)


def _ev(sentences: list[Sentence]) -> list:
    return [evidence(s.page, s.text) for s in sentences[:2]]


def _ranked(votes: dict[_K, float]) -> list[tuple[_K, float]]:
    """Most votes first; ties keep first-seen order (as Counter.most_common does)."""
    return sorted(votes.items(), key=lambda item: item[1], reverse=True)
