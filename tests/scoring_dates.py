"""Date arithmetic for building reports with a wanted expiry."""

from __future__ import annotations

import datetime as dt

from vendor_core.scoring.currency import add_months


def months_before(day: dt.date, months: int) -> dt.date:
    return add_months(day, -months)
