"""Test-result tables read with cell structure (see `tables.py`): which column holds the
results is decided by its header's meaning ("Results", "Test Results", "Results of Tests",
"Service Auditor's Results"...), never by position, and the header carries over to pages
where the table continues without repeating it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parser_worker.extraction.control_ids import ANCHOR, TSC_ID_RE, control_id_in
from parser_worker.extraction.document import Document

_RESULTS_HEADER = re.compile(
    r"\bresults?\b|\boutcome\b|exceptions?\s*noted\s*\??$|\bfindings?\b", re.IGNORECASE
)
# "Controls" alone heads the control *description* column, so it is not an id header.
_ID_HEADER = re.compile(
    r"^(?:control\s*(?:#|no\.?|number|id|ref(?:erence)?)|#|no\.?|ref\.?|id|criteri(?:a|on)|tsc"
    r"|control\s*objective|control\s*point)(?![a-z])",
    re.IGNORECASE,
)
_TEST_HEADER = re.compile(r"\btests?\b|procedures?|testing", re.IGNORECASE)


@dataclass(slots=True)
class _Header:
    columns: int
    results: int
    ids: list[int]


@dataclass(slots=True)
class ResultRow:
    page: int
    control_id: str | None
    result: str
    text: str


@dataclass(slots=True)
class ResultTables:
    rows: list[ResultRow] = field(default_factory=list)
    # Pages whose test results were read from a table (their flowing text is not re-read).
    pages: set[int] = field(default_factory=set)


def _header(cells: tuple[str, ...]) -> _Header | None:
    labels = [" ".join(c.split()) for c in cells]
    results = [
        i
        for i, label in enumerate(labels)
        if label and len(label) < 60 and _RESULTS_HEADER.search(label)
    ]
    if not results:
        return None
    # "Test Results" and "Tests Performed" both mention tests: results is the last such column.
    result_col = results[-1]
    if not any(_TEST_HEADER.search(x) or _ID_HEADER.search(x) for x in labels if x):
        return None
    ids = [i for i, label in enumerate(labels) if i != result_col and _ID_HEADER.search(label)]
    return _Header(columns=len(cells), results=result_col, ids=ids)


def read_result_tables(doc: Document) -> ResultTables:
    """Rows of every test-result table, page-split and wrapped rows joined."""
    out = ResultTables()
    header: _Header | None = None
    for page in doc.pages:
        for table in page.tables:
            for cells in table:
                found = _header(cells)
                if found is not None:
                    header = found
                    out.pages.add(page.number)
                    continue
                if header is None or len(cells) != header.columns:
                    continue
                out.pages.add(page.number)
                _add_row(out, header, page.number, cells)
    return out


def _add_row(out: ResultTables, header: _Header, page: int, cells: tuple[str, ...]) -> None:
    result = " ".join(cells[header.results].split())
    text = " ".join(" ".join(c.split()) for c in cells)
    id_cells = [cells[i] for i in header.ids] or [cells[0]]
    found = [c for c in (control_id_in(cell) for cell in id_cells if cell.strip()) if c]
    # With a criteria column and a control number column, the control's own id wins.
    own = [c for c in found if not TSC_ID_RE.fullmatch(c)]
    control_id = next(iter(own or found), None)
    if control_id is None and 0 not in header.ids and (first := ANCHOR.match(cells[0].strip())):
        control_id = first["id"]
    if control_id is None and out.rows and not any(c.strip() for c in id_cells):
        # A row without an id continues the previous one (a wrapped or page-split row).
        previous = out.rows[-1]
        previous.result = f"{previous.result} {result}".strip()
        previous.text = f"{previous.text} {text}"
        return
    out.rows.append(ResultRow(page, control_id, result, text))
