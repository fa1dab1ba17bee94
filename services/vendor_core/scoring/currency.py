"""Report currency: when a report expires and which expiry alert is due. Pure date arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Literal

from vendor_core.reports.extraction import Extraction
from vendor_core.scoring.policy import ScoringPolicy

Expired = Literal["expired"]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; a day past the target month's end lands on its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last_day))


def currency_anchor(extraction: Extraction, policy: ScoringPolicy) -> dt.date | None:
    """The date a report's currency counts from under `policy`, or None when it is unknown."""
    if policy.currency_anchor == "report_date" and extraction.report_date is not None:
        return extraction.report_date
    # Falling back from a missing issue date to the period end never overstates currency:
    # the period end (as-of date for a type 1) comes before the issue date. The reverse
    # fallback would, so a missing period end with the period_end anchor stays unknown.
    return extraction.period_end


def expires_on(extraction: Extraction, policy: ScoringPolicy) -> dt.date | None:
    """First day the report is no longer current (anchor + currency months), None if unknown."""
    anchor = currency_anchor(extraction, policy)
    return None if anchor is None else add_months(anchor, policy.currency_months)


def is_expired(expiry: dt.date, today: dt.date) -> bool:
    """Whether a report expiring on `expiry` is expired on `today` (the expiry day included)."""
    return today >= expiry


def alert_due(
    expires: dt.date | None, today: dt.date, thresholds: Sequence[int]
) -> Expired | int | None:
    """The most urgent expiry alert due today: "expired", the nearest threshold crossed, or None.

    A report first seen when already past several thresholds fires only this one alert.
    """
    if expires is None:
        return None
    if is_expired(expires, today):
        return "expired"
    days_left = (expires - today).days
    crossed = [threshold for threshold in thresholds if days_left <= threshold]
    return min(crossed) if crossed else None
