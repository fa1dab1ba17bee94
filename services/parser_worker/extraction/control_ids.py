"""Control identifiers as auditors print them: TSC criteria, firms' own ids, SOC 1 numbers."""

from __future__ import annotations

import re

TSC_ID = r"(?:CC|PI|A|C|P)\s?\d{1,2}\.\d{1,2}"
TSC_ID_RE = re.compile(rf"\b{TSC_ID}\b")
ANCHOR = re.compile(
    rf"^(?i:control\s*(?:no\.?|number|#|id)?\s*:?\s*)?(?P<id>{TSC_ID}(?:\s?-\s?\d{{1,3}}|\.\d{{1,2}})?"
    r"|[A-Z]{1,6}(?:\s?-\s?[A-Z]{1,6})?\s?-\s?\d{1,4}(?:\.\d{1,3})?[a-z]?"
    r"|(?:CO|C\.O\.|(?i:control\s*objective))\s*\d{1,2}(?:\.\d{1,2})*"
    # "4.3 Manual adjustments ..." starts a row; "1.2 or higher." is wrapped text.
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?(?=\s+[A-Z(\u2022]|\s*:|\s*$))(?=\s|:|$)",
)
FIRM_ID_AFTER = re.compile(
    r"\s+(?P<id>[A-Z]{1,6}(?:\s?-\s?[A-Z]{1,6})?\s?-\s?\d{1,4}(?:\.\d{1,3})?|[A-Z]{2,5}\d{1,3}(?:\.\d{1,3})?)(?=\s|:|$)"
)
FIRM_ID = re.compile(r"\b[A-Z]{1,6}(?:\s?-\s?[A-Z]{1,6})?\s?-\s?\d{1,4}(?:\.\d{1,3})?\b")


def control_id_in(cell: str) -> str | None:
    """The control id a table cell holds: the firm's own id over a criterion id."""
    firm = FIRM_ID.search(cell)
    if firm and not TSC_ID_RE.fullmatch(firm.group(0)):
        return re.sub(r"\s+", " ", firm.group(0)).strip()
    anchor = ANCHOR.match(cell.strip())
    if anchor:
        return re.sub(r"\s+", " ", anchor["id"]).strip()
    tsc = TSC_ID_RE.search(cell)
    return tsc.group(0) if tsc else None
