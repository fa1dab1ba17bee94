"""Cell structure for test-result pages, read with pdfplumber.

Only pages whose text layer reports an exception are opened here: the table tells a result
cell from a control description that happens to say "exceptions noted", and keeps a wrapped
result cell ("No Exce" / "ptions Noted") together when the text layer interleaves columns.
pdfplumber keeps per-page caches alive until `page.close()`, so every page is closed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pdfplumber

from parser_worker.extraction.normalize import clean_chars
from parser_worker.extraction.page_text import PageText, Table
from parser_worker.extraction.pdf import ruled_pages
from parser_worker.extraction.test_results import result_in_line, starts_a_cell

logger = logging.getLogger(__name__)

# Pages without these letters cannot hold an exception result (a quick filter).
_MAYBE_RESULT = re.compile(r"(?i)exce|devia")
# Bound the cost on a report that says "exception noted" on every page.
MAX_TABLE_PAGES = 40


def table_page_budget(page_count: int) -> int:
    """How many pages may be opened in pdfplumber: a small share of the report, so reading
    tables never costs more than a few percent of a full pdfplumber pass."""
    return min(MAX_TABLE_PAGES, max(8, page_count // 20))


def pages_needing_tables(pages: Sequence[PageText]) -> list[int]:
    """Pages whose text layer reports an exception ambiguously: the result phrase follows
    other words on its line, as when a text layer interleaves table columns. A result that
    starts its own line or sentence is read from the text alone."""
    wanted = []
    for page in pages:
        if page.ocr or not _MAYBE_RESULT.search(page.text):
            continue
        lines = [" ".join(x.split()) for x in clean_chars(page.text).split("\n")]
        lines = [x for x in lines if x]
        for i, line in enumerate(lines):
            previous = lines[i - 1] if i else ""
            following = lines[i + 1] if i + 1 < len(lines) else ""
            at = result_in_line(previous, line, following, loose=True)
            if at is not None and not starts_a_cell(line, at):
                wanted.append(page.number)
                break
    return wanted


def _clean_table(raw: list[list[str | None]]) -> Table:
    return tuple(tuple(clean_chars(cell or "").strip() for cell in row) for row in raw if row)


def read_tables(path: Path, numbers: list[int]) -> dict[int, tuple[Table, ...]]:
    """Ruled tables on the given pages; pages that fail or hold no table are left out."""
    found: dict[int, tuple[Table, ...]] = {}
    if not numbers:
        return found
    try:
        with pdfplumber.open(path) as pdf:
            for number in numbers:
                page = pdf.pages[number - 1]
                try:
                    tables = tuple(
                        _clean_table(t)
                        for t in page.extract_tables()
                        if len(t) >= 2 and len(t[0]) >= 2
                    )
                except Exception:
                    logger.debug("table extraction failed on page %s", number, exc_info=True)
                    continue
                finally:
                    page.close()
                if tables:
                    found[number] = tables
    except Exception:
        # Tables only refine the text; a file pdfminer cannot read still has its text.
        logger.debug("pdfplumber could not open the file for tables", exc_info=True)
    return found


def with_tables(path: Path, pages: list[PageText]) -> list[PageText]:
    """`pages` with `tables` filled in where test results need cell structure."""
    ruled = ruled_pages(path, pages_needing_tables(pages))
    tables = read_tables(path, ruled[: table_page_budget(len(pages))])
    return [replace(p, tables=tables[p.number]) if p.number in tables else p for p in pages]
