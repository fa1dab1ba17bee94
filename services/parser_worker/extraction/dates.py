"""Date recognition for the formats auditors print, tolerant of glued words and footnotes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# A footnote marker glued to the year ("September 30, 20183") is one or two trailing digits.
_YEAR = r"(?P<{name}>(?:19|20)\d\d)(?:\d{{1,2}})?(?!\d)"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"

_PATTERNS = [
    # December 31, 2025 / Dec. 31 2025 / December31,2025
    re.compile(
        # A glued "toDecember" is a lowercase-to-capital transition, still a word start.
        r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))"
        + _MONTH.format(name="m1")
        + r"\s*"
        + _DAY.format(name="d1")
        + r"(?!\d)\s*,?\s*"
        + _YEAR.format(name="y1"),
        re.IGNORECASE,
    ),
    # 31 December 2025 / 31st of December, 2025
    re.compile(
        r"(?<!\d)"
        + _DAY.format(name="d2")
        + r"\s*(?:of\s+)?"
        + _MONTH.format(name="m2")
        + r"\s*,?\s*"
        + _YEAR.format(name="y2"),
        re.IGNORECASE,
    ),
    # 2025-12-31
    re.compile(r"(?<!\d)(?P<y3>(?:19|20)\d\d)-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)(?!\d)"),
    # 12/31/2025 (US order; the reports this service reads are AICPA reports)
    re.compile(r"(?<![\d/])(?P<m4>[01]?\d)/(?P<d4>[0-3]?\d)/(?P<y4>(?:19|20)\d\d)(?!\d)"),
]


@dataclass(frozen=True, slots=True)
class DateMatch:
    date: dt.date
    start: int
    end: int


def _build(year: str, month: str, day: str) -> dt.date | None:
    month_num = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    if month_num is None:
        return None
    try:
        return dt.date(int(year), month_num, int(day))
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """All dates in `text`, in order of appearance, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for index, pattern in enumerate(_PATTERNS, start=1):
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            date = _build(m[f"y{index}"], m[f"m{index}"], m[f"d{index}"])
            if date is not None:
                found.append(DateMatch(date, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def date_regex() -> str:
    """A regex fragment matching any supported date (no groups), for use inside phrases."""
    parts = []
    for pattern in _PATTERNS:
        parts.append(re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern))
    return "(?:" + "|".join(parts) + ")"


def parse_date(text: str) -> dt.date | None:
    """The first date in `text`, or None."""
    matches = find_dates(text)
    return matches[0].date if matches else None
