"""Exceptions and untested controls, read from the results of tests of controls.

A finding is a *result* ("Exception noted. For 2 of 25 ..."), never the words "exception" or
"deviation" inside a control description ("exceptions identified are tracked to
resolution"). Rows are delimited by the control id that starts them (TSC ids, firms' own ids
such as "DS-1", "VM - 6", "CC6.1-02", or SOC 1 numbers such as "4.2"); a row continues across
page breaks until the next id. One finding per control: repeats across summary tables,
criteria mappings and management's responses are merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parser_worker.extraction.control_ids import ANCHOR as _ANCHOR
from parser_worker.extraction.control_ids import FIRM_ID_AFTER as _FIRM_ID_AFTER
from parser_worker.extraction.control_ids import TSC_ID_RE as _TSC_ID
from parser_worker.extraction.document import Document
from parser_worker.extraction.found import Found, evidence
from parser_worker.extraction.normalize import squash
from parser_worker.extraction.result_tables import read_result_tables
from vendor_core.reports.extraction import Evidence, ExceptionFinding

_NEGATORS = frozenset(
    [
        "no",
        "not",
        "any",
        "all",
        "if",
        "whether",
        "without",
        "of",
        "are",
        "and",
        "or",
        "the",
        "when",
        "where",
        "such",
        "these",
        "those",
        "for",
        "to",
        "with",
        "any",
        "no.",
    ]
)
_RESULT = re.compile(
    r"(?P<word>e\s?x\s?c\s?e\s?p\s?t\s?i\s?o\s?n\s?s?|d\s?e\s?v\s?i\s?a\s?t\s?i\s?o\s?n\s?s?)\s*"
    r"(?:were\s*|was\s*|have\s*been\s*|has\s*been\s*)?(?:n\s?o\s?t\s?e\s?d|identified|found|observed"
    r"|detected)"
    # "Exceptions noted, if any, are tracked" describes a process, not a result; "Exceptions
    # noted: 3" is a summary count whose controls are listed elsewhere.
    r"(?!\s*,?\s*(?:if\s*any|are|is|will|should|must)\b)"
    r"(?!\s*[:\-]?\s*(?:\d+|none|yes|no)\s*(?:$|\||(?-i:[A-Z])))"
    r"(?=\s*(?:$|[.:;,\-(\[]|for\b|in\s+(?:\d|one|two|three|four|five|a\b|the\s*sample)|as\s*follows"
    r"|see\b|refer|we\b|upon\b|during\s*(?:our\s*)?(?:test|the\s*(?:exam|audit))|(?-i:[A-Z])))",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(
    r"(?:noted|identified)\s*the\s*following\s*(?:exceptions?|deviations?)|^(?:exceptions?|deviations?)"
    r"\s*(?:detail|description|noted)?\s*:(?!\s*(?:\d+|none|yes|no)\s*(?:$|\||(?-i:[A-Z])))",
    re.IGNORECASE,
)
_NOT_TESTED = re.compile(
    r"(?:\bno\b|there\s*(?:were|was)\s*no|did\s*not\s*(?:occur|have|identify)|none)[^.]{0,160}?"
    r"(?:occur|occurrences?|instances?|events?|incidents?|changes?|terminations?|hires?|requests?|"
    r"breach|population)(?:[^.]|\.(?=\s)){0,240}?(?:could\s*not|unable\s*to|not\s*able\s*to|cannot|were\s*not"
    r"|was\s*not|did\s*not|no\s*testing)\s*(?:be\s*)?(?:test|perform|performed|tested|evaluat)"
    r"|(?:^|\b)not\s*tested\b[^.]{0,80}(?:no\s*occurrence|did\s*not\s*occur|non-?occurrence)"
    r"|control\s*did\s*not\s*operate\s*during\s*the\s*period",
    re.IGNORECASE,
)
_RESPONSE = re.compile(r"management'?s?'?\s*response\s*[:\-]?", re.IGNORECASE)
_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM = (
    rf"(?:\d{{1,4}}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]?(?:{_UNITS}))?"
    rf"|zero|{_UNITS}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
    r"|nineteen|hundred)"
)
_X_OF_N = re.compile(
    rf"\b(?P<x>{_NUM})\s*(?:\(\d+\)\s*)?(?:out\s*)?of\s*(?:the\s*|a\s*total\s*of\s*)?(?P<n>{_NUM})\b(?:\s*\(\d+\))?",
    re.IGNORECASE,
)
_MAX_ROW_LINES = 80


def word_number(text: str) -> int | None:
    """'25', 'twenty-five', 'two' -> int."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    if text == "hundred":
        return 100
    parts = re.split(r"[\s-]+", text)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_NUMBER_WORDS.get(parts[1], 0) if len(parts) > 1 else 0)
    return _NUMBER_WORDS.get(text)


def deviations_and_sample(text: str) -> tuple[int | None, int | None]:
    """(2, 25) from "for 2 of 25 ..." / "two (2) out of twenty-five (25)"; else (None, None)."""
    for m in _X_OF_N.finditer(text):
        x, n = word_number(m["x"]), word_number(m["n"])
        if x is not None and n is not None and 0 < x <= n:
            return x, n
    return None, None


def is_exception_result(text: str) -> bool:
    """Whether a results cell / sentence reports an exception (not "No exceptions noted")."""
    return _result_at(text) is not None or bool(_FOLLOWING.search(text))


def _result_at(text: str, *, min_start: int = 0, max_start: int | None = None) -> int | None:
    for m in _RESULT.finditer(text):
        if m.start() < min_start or (max_start is not None and m.start() >= max_start):
            continue
        clause = re.split(r"[.;:]\s", text[: m.start()].lower())[-1]
        before = clause.split()
        previous = before[-1].strip(",;:()") if before else ""
        if previous in _NEGATORS or {"no", "not", "without"} & set(before[-3:]):
            continue
        if re.search(r"n\s?o$", squash(text[max(0, m.start() - 4) : m.start()])):
            continue
        return m.start()
    return None


@dataclass(slots=True)
class _Row:
    control_id: str | None
    start: int
    end: int
    # The criterion heading the row sits under ("CC8.1 - The entity authorizes ...").
    criterion: str | None = None


@dataclass(slots=True)
class _Finding:
    control_id: str | None
    criteria: list[str]
    description: str
    deviations: int | None
    sample_size: int | None
    page: int
    management_response: str | None = None
    evidence: list[Evidence] = field(default_factory=list)


def _normal_id(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper().replace("CONTROLOBJECTIVE", "CO")


def _rows(lines: list[tuple[int, str]]) -> list[_Row]:
    rows: list[_Row] = []
    current: _Row | None = None
    criterion: str | None = None
    for i, (_, line) in enumerate(lines):
        m = _ANCHOR.match(line)
        if m:
            if _TSC_ID.fullmatch(m["id"]):
                criterion = _normal_id(m["id"])
            if current is not None:
                current.end = i
                rows.append(current)
            control_id = re.sub(r"\s+", " ", m["id"]).strip()
            # "CC6.2 VM - 6 ...": the criterion column first, then the firm's own control id.
            own = _FIRM_ID_AFTER.match(line, m.end())
            if own and _TSC_ID.fullmatch(control_id):
                control_id = re.sub(r"\s+", " ", own["id"]).strip()
            current = _Row(control_id, i, len(lines), criterion)
    if current is not None:
        rows.append(current)
    return rows


def _row_for(rows: list[_Row], index: int) -> _Row | None:
    for row in reversed(rows):
        if row.start <= index:
            return row if index - row.start <= _MAX_ROW_LINES and index < row.end else None
    return None


def _merge(findings: dict[str, _Finding], new: _Finding) -> None:
    """Add `new`, or fold it into the finding for the same control (or the same words)."""
    key = _normal_id(new.control_id) if new.control_id else squash(new.description)[:80]
    existing = findings.get(key) or _same_description(findings, new.description, new.control_id)
    if existing is None:
        findings[key] = new
        return
    existing.criteria = sorted(set(existing.criteria) | set(new.criteria))
    existing.deviations = existing.deviations or new.deviations
    existing.sample_size = existing.sample_size or new.sample_size
    existing.management_response = existing.management_response or new.management_response


def _finding(control_id: str | None, row_text: str, body: str, page: int, proof: str) -> _Finding:
    response = None
    split = _RESPONSE.search(body)
    if split:
        response = body[split.end() :].strip()[:600] or None
        body = body[: split.start()]
    x, n = deviations_and_sample(body)
    if x is None:
        x, n = deviations_and_sample(row_text)
    return _Finding(
        control_id=control_id,
        criteria=sorted({_normal_id(c) for c in _TSC_ID.findall(row_text)}),
        description=re.sub(r"\s+", " ", body).strip()[:600],
        deviations=x,
        sample_size=n,
        page=page,
        management_response=response,
        evidence=[evidence(page, proof)],
    )


def _line_findings(lines: list[tuple[int, str]], skip_pages: set[int]) -> list[_Finding]:
    """Findings read from the flowing text (pages without a usable table)."""
    rows = _rows(lines)
    out: list[_Finding] = []
    for i, (page, line) in enumerate(lines):
        if page in skip_pages:
            continue
        # A wrapped cell can leave "No" at the end of the previous line ("No" / "exceptions
        # noted."), or break the word itself ("No Exce" / "ptions Noted").
        prefix = " ".join(lines[i - 1][1].split()[-3:]) + " " if i else ""
        window = prefix + line + " " + " ".join(_next(lines, i).split()[:2])
        # Only a result that starts on this line counts; the neighbours are context.
        at = _result_at(window, min_start=len(prefix), max_start=len(prefix) + len(line))
        at = None if at is None else max(0, at - len(prefix))
        if at is None and not _FOLLOWING.search(line):
            continue
        if _NOT_TESTED.search(line):
            continue
        row = _row_for(rows, i)
        end = row.end if row else min(len(lines), i + 6)
        body = " ".join(text for _, text in lines[i : min(end, i + 25)])
        body = body[at:] if at is not None else body
        row_text = " ".join(t for _, t in lines[row.start : end]) if row else window
        found = _finding(row.control_id if row else None, row_text, body, page, window)
        if row and row.criterion and row.criterion not in found.criteria:
            found.criteria = sorted([*found.criteria, row.criterion])
        out.append(found)
    return out


def detect_exceptions(doc: Document) -> Found[list[ExceptionFinding]]:
    """One finding per control (or criterion / control objective) with exceptions noted."""
    lines = list(doc.lines())
    table = read_result_tables(doc)
    findings: dict[str, _Finding] = {}
    for row in table.rows:
        if is_exception_result(row.result) and not _NOT_TESTED.search(row.result):
            body = row.result[_result_at(row.result) or 0 :]
            _merge(findings, _finding(row.control_id, row.text, body, row.page, row.text))
    for candidate in _line_findings(lines, table.pages):
        _merge(findings, candidate)
    _attach_responses(doc, lines, findings)
    result = [
        ExceptionFinding(
            control_id=f.control_id,
            criteria=f.criteria,
            description=f.description or "Exception noted",
            deviations=f.deviations,
            sample_size=f.sample_size,
            management_response=f.management_response,
            page=f.page,
        )
        for f in findings.values()
    ]
    ev = [e for f in findings.values() for e in f.evidence][:10]
    confidence = 0.7 if result else 0.6
    return Found(result, confidence, ev)


def _next(lines: list[tuple[int, str]], i: int) -> str:
    return lines[i + 1][1] if i + 1 < len(lines) else ""


def _same_description(
    findings: dict[str, _Finding], description: str, control_id: str | None
) -> _Finding | None:
    # The same exception printed under each criterion a control maps to has the same words.
    # Only rows keyed by criterion (or by nothing) merge this way: two firm control ids are
    # two controls, even when the auditor wrote the same sentence for both.
    if control_id is not None and not _TSC_ID.fullmatch(control_id):
        return None
    key = squash(description)[:120]
    if len(key) < 30:
        return None
    return next(
        (
            f
            for f in findings.values()
            if squash(f.description)[:120] == key
            and (f.control_id is None or _TSC_ID.fullmatch(f.control_id))
        ),
        None,
    )


def _attach_responses(
    doc: Document, lines: list[tuple[int, str]], findings: dict[str, _Finding]
) -> None:
    """Management's responses printed apart from the table (often in section V)."""
    by_id = {_normal_id(f.control_id): f for f in findings.values() if f.control_id}
    if not by_id:
        return
    for i, (_, line) in enumerate(lines):
        if not _RESPONSE.search(line):
            continue
        context = " ".join(t for _, t in lines[max(0, i - 6) : i + 1])
        ids = [
            m.group(0)
            for m in re.finditer(r"[A-Z]{1,6}\s?-?\s?\d{1,3}(?:\.\d{1,3})*(?:-\d+)?", context)
        ]
        target = next((by_id[_normal_id(x)] for x in reversed(ids) if _normal_id(x) in by_id), None)
        if target is None or target.management_response:
            continue
        text = " ".join(t for _, t in lines[i : i + 8])
        m = _RESPONSE.search(text)
        response = text[m.end() :].strip() if m else text
        target.management_response = response[:600] or None


def detect_not_tested(doc: Document) -> Found[list[str]]:
    """Controls not tested because the triggering event never occurred in the period."""
    lines = list(doc.lines())
    rows = _rows(lines)
    ids: list[str] = []
    ev: list[Evidence] = []
    for table_row in read_result_tables(doc).rows:
        control = table_row.control_id
        if control and control not in ids and _NOT_TESTED.search(table_row.result):
            ids.append(control)
            ev.append(evidence(table_row.page, table_row.result))
    for i, (page, line) in enumerate(lines):
        window = line + " " + _next(lines, i)
        m = _NOT_TESTED.search(window)
        # The statement must start on this line, or the next row's text would be blamed.
        if m is None or m.start() >= len(line):
            continue
        row = _row_for(rows, i)
        if row is None:
            continue
        control = row.control_id
        if control not in ids:
            ids.append(control)
            ev.append(evidence(page, window))
    return Found(ids, 0.6 if ids else 0.5, ev[:5])
