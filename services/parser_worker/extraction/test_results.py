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
from parser_worker.extraction.control_ids import TSC_ID as _TSC_PATTERN
from parser_worker.extraction.control_ids import TSC_ID_RE as _TSC_ID
from parser_worker.extraction.control_ids import control_id_in
from parser_worker.extraction.document import Document
from parser_worker.extraction.found import Found, evidence
from parser_worker.extraction.normalize import squash
from parser_worker.extraction.result_tables import read_result_tables
from vendor_core.reports.extraction import Evidence, ExceptionFinding

# "CC8.1 - The entity authorizes ...": a criterion printed as a heading above its controls.
_CRITERION_HEADING = re.compile(r"\s*(?:[-:|]\s*)?(?:the\s*entity|points?\s*of\s*focus)", re.I)
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
        # "The following 4 controls had exceptions noted during testing": a summary sentence.
        "had",
        "has",
        "have",
    ]
)
_RESULT_WORDS = (
    r"(?P<word>e\s?x\s?c\s?e\s?p\s?t\s?i\s?o\s?n\s?s?|d\s?e\s?v\s?i\s?a\s?t\s?i\s?o\s?n\s?s?)\s*"
    r"(?:were\s*|was\s*|have\s*been\s*|has\s*been\s*)?(?:n\s?o\s?t\s?e\s?d|identified|found|observed"
    r"|detected)"
    # "Exceptions noted, if any, are tracked" describes a process, not a result; "Exceptions
    # noted: 3" is a summary count whose controls are listed elsewhere.
    r"(?!\s*,?\s*(?:if\s*any|are|is|will|should|must)\b)"
    r"(?!\s*[:\-]?\s*(?:\d+|none|yes|no)\s*(?:$|\||(?-i:[A-Z])))"
)
_RESULT = re.compile(
    _RESULT_WORDS
    + r"(?=[ \t]*(?:$|[.:;,\-(\[]|for\b|in\s+(?:\d|one|two|three|four|five|a\b|the\s*sample)"
    r"|as\s*follows|see\b|refer|we\b|upon\b|during\s*(?:our\s*)?(?:test|the\s*(?:exam|audit))"
    r"|(?:the|one|two|three|four|five|\d+)\s+(?:of|out)\b))",
    re.IGNORECASE,
)
# A phrase ending its line is a result only when it also starts its cell (or sentence):
# narrative text wraps anywhere ("... deviations and exceptions noted" / "by internal audit").
_RESULT_AT_LINE_END = re.compile(
    _RESULT_WORDS + r"(?<=[dD])(?<![iI]dentified)(?=[ \t]*\n)", re.IGNORECASE
)
_CELL_START = re.compile(r"(?:^|[.;:]|results?)\s*$", re.IGNORECASE)
_FOLLOWING = re.compile(
    r"(?:noted|identified)\s*the\s*following\s*(?:exceptions?|deviations?)|^(?:exceptions?|deviations?)"
    r"\s*(?:detail|description|noted)?\s*:(?!\s*(?:\d+|none|yes|no)\s*(?:$|\||(?-i:[A-Z])))",
    re.IGNORECASE,
)
# Non-occurrence: the event a control responds to never happened, so it could not be tested.
_NON_OCCURRENCE = (
    r"(?:did\s*not\s*(?:occur|take\s*place|arise)|there\s*(?:were|was)\s*no"
    r"|(?:\bno|zero)\s+(?:[\w-]+\s+){0,6}?(?:occurred|occurrences?|instances?|events?|incidents?"
    r"|changes?|terminations?|hires?|requests?|breach(?:es)?|(?:were|was)\s*(?:identified|made"
    r"|performed|processed|noted|initiated|reported|disposed))"
    r"|non-?occurrence|not\s*(?:been\s*)?triggered|did\s*not\s*operate)"
)
_CANNOT_TEST = (
    r"(?:(?:could\s*not|unable\s*to|not\s*able\s*to|cannot|can\s*not|were\s*not|was\s*not|did\s*not"
    r"|no\s*testing|not)\s*(?:be\s*|been\s*)?(?:tested|test|performed|perform|evaluat)"
    # "no testing of (the) operating effectiveness (of the control) was performed / was possible"
    r"|no\s*(?:testing|tests?|procedures)\s*(?:of\s*[^.]{0,60}?)?(?:was|were|has\s*been|have\s*been"
    r"|could\s*be)\s*(?:performed|conducted|possible|executed|carried\s*out))"
)
_NOT_TESTED = re.compile(
    rf"{_NON_OCCURRENCE}(?:[^.]|\.(?=\s)){{0,200}}?{_CANNOT_TEST}"
    rf"|(?:no\s*testing\s*(?:was\s*)?performed|not\s*tested|untested)[^.]{{0,60}}?{_NON_OCCURRENCE}"
    rf"|{_CANNOT_TEST}[^.]{{0,120}}?(?:because|as|since)[^.]{{0,80}}?{_NON_OCCURRENCE}"
    rf"|not\s*tested\b(?:[^.]|\.(?=\s)){{0,80}}?{_NON_OCCURRENCE}"
    r"|control\s*did\s*not\s*operate\s*during\s*the\s*period",
    re.IGNORECASE,
)
_NOT_TESTED_WORDS = (
    r"did\s*not|there\s*(?:were|was)|\bno\b|\bnone\b|zero|non-?occurrence|not\s*(?:been\s*)?triggered"
    r"|not\s*tested|untested|\bcould\s*not|unable|cannot|control\s*did|\bw(?:as|ere)\s*not"
)
_NOT_TESTED_FIRST = re.compile(_NOT_TESTED_WORDS, re.IGNORECASE)
# Zero-width, so overlapping starts are all found: "control did not occur" must offer both
# "control did ..." and "did not occur ...".
_NOT_TESTED_START = re.compile(rf"(?=(?:{_NOT_TESTED_WORDS}))", re.IGNORECASE)
_CELL_RULE = re.compile(r"^[|\s]+|[|\s]+$")
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


def _result_at(
    text: str, *, min_start: int = 0, max_start: int | None = None, loose: bool = False
) -> int | None:
    at_line_end = [
        m
        for m in _RESULT_AT_LINE_END.finditer(text)
        if loose or _CELL_START.search(text[min_start : m.start()])
    ]
    for m in sorted([*_RESULT.finditer(text), *at_line_end], key=lambda m: m.start()):
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
    # Position in the document's line stream (-1 when read from a table).
    line: int = -1


def _normal_id(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper().replace("CONTROLOBJECTIVE", "CO")


def _rows(lines: list[tuple[int, str]]) -> list[_Row]:
    rows: list[_Row] = []
    current: _Row | None = None
    criterion: str | None = None
    for i, (_, line) in enumerate(lines):
        m = _ANCHOR.match(line)
        if m:
            bare_criterion = _TSC_ID.fullmatch(m["id"]) and not _FIRM_ID_AFTER.match(line, m.end())
            heading = _CRITERION_HEADING.match(line, m.end())
            if (
                bare_criterion
                and not heading
                and current is not None
                and current.control_id
                and not _TSC_ID.fullmatch(current.control_id)
            ):
                # "CC3.4-01 ... / CC3.4 Inquired of ...": the criteria cell of the same row.
                continue
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


def result_in_line(previous: str, line: str, following: str, *, loose: bool = False) -> int | None:
    """Where an exception result starts in `line` (its neighbours are context), or None.
    `loose` also accepts a phrase that ends the line after other words (a possible result
    cell of an interleaved table, worth a look at the table structure)."""
    # A wrapped cell can leave "No" at the end of the previous line ("No" / "exceptions
    # noted."), or break the word itself ("No Exce" / "ptions Noted").
    prefix = " ".join(previous.split()[-3:]) + " " if previous else ""
    # "\n" marks the end of this line: a result cell often ends there.
    window = prefix + line + "\n" + " ".join(following.split()[:2])
    # Only a result that starts on this line counts.
    at = _result_at(window, min_start=len(prefix), max_start=len(prefix) + len(line), loose=loose)
    return None if at is None else max(0, at - len(prefix))


def starts_a_cell(line: str, at: int) -> bool:
    """Whether the text before position `at` ends a sentence or cell (or there is none): a
    result there is unambiguous; after other words it may be another column's text."""
    return bool(_CELL_START.search(line[:at]))


def _line_findings(lines: list[tuple[int, str]], skip_pages: set[int]) -> list[_Finding]:
    """Findings read from the flowing text (pages without a usable table)."""
    rows = _rows(lines)
    out: list[_Finding] = []
    for i, (page, line) in enumerate(lines):
        if page in skip_pages:
            continue
        at = result_in_line(lines[i - 1][1] if i else "", line, _next(lines, i))
        window = f"{line} {_next(lines, i)}"
        if at is None and not _FOLLOWING.search(line):
            continue
        if _NOT_TESTED.search(line):
            continue
        row = _row_for(rows, i)
        end = row.end if row else min(len(lines), i + 6)
        body_lines = [line]
        for _, text in lines[i + 1 : min(end, i + 25)]:
            # An exception-detail block belongs to whichever control it names; it is
            # attached separately, because layouts print it after the next row. A new
            # section of the report ("Section V: Other Information ...") ends the row too.
            if _DETAIL_HEADING.match(text) or _SECTION_BREAK.match(text):
                break
            body_lines.append(text)
        body = " ".join(body_lines)
        body = body[at:] if at is not None else body
        row_text = window
        if row:
            row_lines = [t for _, t in lines[row.start : end]]
            cut = next(
                (
                    k
                    for k, t in enumerate(row_lines)
                    if _DETAIL_HEADING.match(t) or (k and _SECTION_BREAK.match(t))
                ),
                None,
            )
            row_text = " ".join(row_lines[:cut])
        found = _finding(row.control_id if row else None, row_text, body, page, window)
        if row and row.criterion and row.criterion not in found.criteria:
            found.criteria = sorted([*found.criteria, row.criterion])
        found.line = i
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
    for candidate in _basis_design_findings(lines):
        # A control known only by its criteria is not another finding when the test results
        # already report one under those criteria.
        if candidate.control_id is None and any(
            set(candidate.criteria) & set(_output_criteria(f)) for f in findings.values()
        ):
            continue
        _merge(findings, candidate)
    _attach_details(lines, findings)
    _counts_from_other_rows(lines, findings)
    _attach_responses(doc, lines, findings)
    _drop_stray_results(findings)
    result = [
        ExceptionFinding(
            # A bare criterion ("CC6.1") heads the rows of a report without control ids: the
            # control is then known only by the criteria it is shown under.
            control_id=None if _is_criterion(f.control_id) else f.control_id,
            criteria=_output_criteria(f),
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


_BARE_RESULT = re.compile(
    r"^\W*(?:exceptions?|deviations?)\s*(?:were\s*|was\s*)?noted\W*$", re.IGNORECASE
)


def _drop_stray_results(findings: dict[str, _Finding]) -> None:
    """In a report whose controls carry their own ids, a bare "Deviation noted" that no id,
    detail or count can be tied to is a results cell read out of its row (a column-wise OCR or
    text layer): the control it belongs to is found through its id, so it is not another."""
    if not any(f.control_id and not _is_criterion(f.control_id) for f in findings.values()):
        return
    for key, f in list(findings.items()):
        stray = f.control_id is None or _is_criterion(f.control_id)
        if (
            stray
            and _BARE_RESULT.match(f.description or "")
            and f.deviations is None
            and f.sample_size is None
        ):
            del findings[key]


# A design exception of a type 1 has no test result: the auditor names it only in the "Basis
# for Qualified/Adverse Opinion" paragraph ("... states that backups are monitored (A1.2-01).
# However, the control was not suitably designed ...").
_BASIS_HEADING = re.compile(
    r"^basis\s*for\s*(?:an?\s*)?(?:qualified|adverse|modified)\s*opinion\b", re.IGNORECASE
)
_BASIS_END = re.compile(
    r"^(?:(?:qualified|adverse|modified|unqualified|unmodified)\s*)?opinions?\s*:?$"
    r"|^in\s*(?:our|my)\s*opinion\b|^(?:section|part)\s*(?:[ivx]+|\d+)\b"
    r"|^(?:other\s*matter|restricted\s*use|emphasis\s*of)",
    re.IGNORECASE,
)
_MAX_BASIS_LINES = 60
_CONTROL_REF = (
    rf"{_TSC_PATTERN}(?:\s?-\s?\d{{1,3}}|\.\d{{1,2}})?"
    r"|[A-Z]{1,6}(?:\s?-\s?[A-Z]{1,6})?\s?-\s?\d{1,4}(?:\.\d{1,3})?"
    r"|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?"
)
# "(A1.2-01)", "(control 3.2)", "control number VM-6", "Control CC6.1.3"
_BASIS_CONTROL = re.compile(
    rf"\(\s*(?i:control\s*(?:no\.?|number|#|id|ref(?:erence)?\.?)?\s*)?(?P<paren>{_CONTROL_REF})\s*\)"
    rf"|\b(?i:control)\s*(?i:no\.?|number|#|id)?\s*(?P<named>{_CONTROL_REF})\b"
)
_DESIGN_FAILURE = re.compile(
    r"\bnot\s*(?:been\s*)?(?:suitably|appropriately|adequately|properly|effectively)?\s*designed\b"
    r"|\bdesign\s*(?:deficienc(?:y|ies)|exceptions?|flaws?)\b|\bdeficien(?:t|cy)\s*in\s*(?:its\s*)?design",
    re.IGNORECASE,
)
_CRITERION_NAMED = re.compile(rf"\bcriteri(?:on|a)\s*(?P<id>{_TSC_PATTERN})\b", re.IGNORECASE)
# "criterion CC6.2 and CC6.3", "criteria CC6.1, CC6.2, and CC6.3"
_CRITERIA_NAMED = re.compile(
    rf"\bcriteri(?:on|a)\s*{_TSC_PATTERN}\b(?:\s*(?:,|and|&|,\s*and)\s*{_TSC_PATTERN}\b)*",
    re.IGNORECASE,
)
_TSC_IN = re.compile(rf"\b{_TSC_PATTERN}\b", re.IGNORECASE)
# A row keyed by the criteria of a control that has no id of its own: "CC6.2, CC6.3 The ..."
_CRITERIA_ROW = re.compile(
    rf"^(?P<id>{_TSC_PATTERN})(?:\s*(?:,|and|&|,\s*and)\s*{_TSC_PATTERN})+(?=\s|$)"
)


def _basis_design_findings(lines: list[tuple[int, str]]) -> list[_Finding]:
    """Design exceptions named in a "Basis for ... Opinion" paragraph, one per control."""
    out: list[_Finding] = []
    for i, (_, line) in enumerate(lines):
        if not _BASIS_HEADING.match(line):
            continue
        chunk: list[tuple[int, str]] = []
        for page, text in lines[i + 1 : i + 1 + _MAX_BASIS_LINES]:
            if _BASIS_END.match(text):
                break
            chunk.append((page, text))
        current: _Finding | None = None
        sentences = _sentences_of(chunk)
        if not any(_BASIS_CONTROL.search(sentence) for _, sentence in sentences):
            out.extend(_unnamed_design_finding(sentences))
            continue
        for page, sentence in sentences:
            ref = _BASIS_CONTROL.search(sentence)
            if ref:
                control = re.sub(r"\s+", " ", ref["paren"] or ref["named"]).strip()
                current = _Finding(control, [], "", None, None, page)
                current.evidence = [evidence(page, sentence)]
            if current is None:
                continue
            criteria = {_normal_id(m["id"]) for m in _CRITERION_NAMED.finditer(sentence)}
            current.criteria = sorted(set(current.criteria) | criteria)
            design = _DESIGN_FAILURE.search(sentence)
            if design and not current.description:
                current.description = re.sub(
                    r"^(?:however|as\s*a\s*result)\s*,?\s*", "", sentence, flags=re.I
                )
                current.description = current.description[:1].upper() + current.description[1:600]
                current.page = page
                out.append(current)
    return out


def _unnamed_design_finding(sentences: list[tuple[int, str]]) -> list[_Finding]:
    """A basis paragraph that describes the control instead of numbering it ("... states that
    access is revoked within one day. However, the control was not suitably designed ... to
    achieve criterion CC6.2 and CC6.3"): one finding, known by the criteria it names."""
    design = next(((p, s) for p, s in sentences if _DESIGN_FAILURE.search(s)), None)
    if design is None:
        return []
    criteria = sorted(
        {
            _normal_id(c)
            for _, sentence in sentences
            for m in _CRITERIA_NAMED.finditer(sentence)
            for c in _TSC_IN.findall(m.group())
        }
    )
    if not criteria:
        return []
    page, sentence = design
    text = re.sub(r"^(?:however|as\s*a\s*result)\s*,?\s*", "", sentence, flags=re.I)
    finding = _Finding(None, criteria, text[:1].upper() + text[1:600], None, None, page)
    finding.evidence = [evidence(page, sentence)]
    return [finding]


def _sentences_of(chunk: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The sentences of a run of lines, each with the page it starts on."""
    out: list[tuple[int, str]] = []
    buffer: list[str] = []
    page = chunk[0][0] if chunk else 0
    for line_page, text in chunk:
        if not buffer:
            page = line_page
        parts = re.split(r"(?<=[.;])\s+(?=[\"'(]?[A-Z])", text)
        for k, part in enumerate(parts):
            buffer.append(part)
            if k < len(parts) - 1 or re.search(r"[.;][\"')]?$", part):
                out.append((page, " ".join(buffer)))
                buffer = []
                page = line_page
    if buffer:
        out.append((page, " ".join(buffer)))
    return out


_DETAIL_HEADING = re.compile(
    r"^(?:exceptions?|deviations?)\s*(?:details?|descriptions?)\b\s*[-:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MAX_DETAIL_LINES = 12


def _attach_details(lines: list[tuple[int, str]], findings: dict[str, _Finding]) -> None:
    """ "Exception detail - DS-2: For 2 of 25 ..." blocks: counts and words for the control
    they name, or else for the nearest finding before them."""
    by_id = {_normal_id(f.control_id): f for f in findings.values() if f.control_id}
    for i, (page, line) in enumerate(lines):
        m = _DETAIL_HEADING.match(line)
        if m is None:
            continue
        rest = m["rest"]
        named = control_id_in(rest) if rest else None
        text_lines = [rest[len(named) :] if named and rest.startswith(named) else rest]
        for _, text in lines[i + 1 : i + _MAX_DETAIL_LINES]:
            if _ANCHOR.match(text) or _DETAIL_HEADING.match(text) or _RESPONSE.match(text):
                break
            text_lines.append(text)
        detail = re.sub(r"\s+", " ", " ".join(text_lines)).strip(" :-")
        target = by_id.get(_normal_id(named)) if named else None
        if target is None and not named:
            before = [f for f in findings.values() if (f.page, f.line) <= (page, i)]
            target = max(before, key=lambda f: (f.page, f.line), default=None)
        if not detail:
            continue
        if target is None and named:
            # A detail block naming a control is itself the finding (its result cell was lost).
            x, n = deviations_and_sample(detail)
            target = _Finding(named, [], "", x, n, page, evidence=[evidence(page, line)], line=i)
            findings[_normal_id(named)] = by_id[_normal_id(named)] = target
        if target is None:
            continue
        if target.deviations is None:
            target.deviations, target.sample_size = deviations_and_sample(detail)
        if detail not in target.description:
            target.description = f"{target.description} {detail}".strip()[:600]


def _counts_from_other_rows(lines: list[tuple[int, str]], findings: dict[str, _Finding]) -> None:
    """A summary of exceptions ("C-106 CC1.5 For 4 out of 40 ...") supplies the counts that
    the test table left to a separate paragraph."""
    missing = {_normal_id(f.control_id): f for f in findings.values() if f.control_id}
    missing = {k: f for k, f in missing.items() if f.deviations is None}
    if not missing:
        return
    for row in _rows(lines):
        finding = missing.get(_normal_id(row.control_id or ""))
        if finding is None or finding.deviations is not None:
            continue
        text = " ".join(t for _, t in lines[row.start : min(row.end, row.start + 4)])
        finding.deviations, finding.sample_size = deviations_and_sample(text)


def _is_criterion(control_id: str | None) -> bool:
    return bool(control_id and _TSC_ID.fullmatch(control_id.strip()))


def _output_criteria(f: _Finding) -> list[str]:
    criteria = set(f.criteria or _criteria_in_id(f.control_id))
    if f.control_id and _is_criterion(f.control_id):
        criteria.add(_normal_id(f.control_id))
    return sorted(criteria)


def _finding_key(description: str) -> str:
    """The words of the finding itself: its first sentences (at least 40 characters), so text
    the row ran on into (the next criterion's heading, another control) does not count."""
    kept = ""
    for sentence in re.split(r"(?<=[.;])\s+", description.strip()):
        kept = f"{kept} {sentence}"
        if len(kept) >= 40:
            break
    return squash(kept)[:120]


def _criteria_in_id(control_id: str | None) -> list[str]:
    # "CC3.4-01" is a control numbered under criterion CC3.4.
    m = _TSC_ID.match(control_id or "")
    return [_normal_id(m.group(0))] if m else []


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
    key = _finding_key(description)
    if len(key) < 30:
        return None
    return next(
        (
            f
            for f in findings.values()
            if _finding_key(f.description) == key
            and (f.control_id is None or _TSC_ID.fullmatch(f.control_id))
        ),
        None,
    )


_RESPONSE_SECTION = re.compile(r"management'?s?'?\s*responses?\b", re.IGNORECASE)
# "Response: text" or a label ending its line ("Management's response:" / text below).
_RESPONSE_LABEL = re.compile(r"response\s*[:\-]\s*(?:\S|$)", re.IGNORECASE)
_SECTION_BREAK = re.compile(r"^(?:section|part)\s*(?:[ivx]+|\d+)\b|^[IVX]{1,4}\.\s+[A-Z]", re.I)
# Where the response starts inside a row that first restates the exception.
_RESPONSE_START = re.compile(
    r"(?:^|(?<=[.;]\s))(?:management|we\b|our\b|the\s*company|the\s*organi[sz]ation|in\s*response"
    r"|corrective|remediation|as\s*of|subsequent|going\s*forward|the\s*process\s*owner)",
    re.IGNORECASE,
)
_ID_IN_TEXT = re.compile(
    r"\b(?:[A-Z]{1,6}\s?-?\s?\d{1,4}(?:\.\d{1,3})*(?:-\d+)?|\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\b"
)


def _attach_responses(
    doc: Document, lines: list[tuple[int, str]], findings: dict[str, _Finding]
) -> None:
    """Management's responses printed apart from the table (often in section V): either
    labelled ("Management's Response: ...") near the control id, or rows of a responses
    section keyed by control id (or, for a control known only by its criteria, by those)."""
    by_id = {_normal_id(f.control_id): f for f in findings.values() if f.control_id}
    for f in findings.values():
        if f.control_id is None or _is_criterion(f.control_id):
            for criterion in _output_criteria(f):
                by_id.setdefault(criterion, f)
    for i, (_, line) in enumerate(lines):
        if not _RESPONSE.search(line):
            continue
        if _RESPONSE_LABEL.search(line):
            _attach_labelled(lines, i, by_id)
        elif len(line) < 100:
            heading = line + " " + _next(lines, i)
            lists_exceptions = re.search(r"exception|deviation|finding", heading, re.IGNORECASE)
            _attach_section(lines, i, by_id, findings if lists_exceptions else None)


def _response_section_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Indexes of lines inside sections of management's responses to exceptions."""
    inside: set[int] = set()
    for i, (_, line) in enumerate(lines):
        if len(line) < 100 and _RESPONSE_SECTION.search(line) and not _RESPONSE_LABEL.search(line):
            for j in range(i, min(len(lines), i + 300)):
                if j > i and _SECTION_BREAK.match(lines[j][1]):
                    break
                inside.add(j)
    return inside


def _attach_labelled(lines: list[tuple[int, str]], i: int, by_id: dict[str, _Finding]) -> None:
    context = " ".join(t for _, t in lines[max(0, i - 6) : i + 1])
    ids = [m.group(0) for m in _ID_IN_TEXT.finditer(context)]
    target = next((by_id[_normal_id(x)] for x in reversed(ids) if _normal_id(x) in by_id), None)
    if target is None or target.management_response:
        return
    text = " ".join(t for _, t in lines[i : i + 8])
    m = _RESPONSE.search(text)
    response = text[m.end() :].strip() if m else text
    target.management_response = response[:600] or None


# "... during Management accepts the finding": the response column starting mid-line.
_RESPONSE_COLUMN_START = re.compile(r"(?<=[a-z,;.])\s+(?=(?:Management|The\s*Company)\b)")


def _two_columns(rows: list[str]) -> tuple[str, str] | None:
    """Exception | response, when the text (often OCR) keeps the column rule as "|" between
    them: "For 9 of 60 hires, the | Management has reviewed". Lines without a rule go to the
    column they continue."""
    if not any("|" in row.strip(" |") for row in rows):
        return None
    left: list[str] = []
    right: list[str] = []
    for row in rows:
        if "|" in row:
            before, after = row.rsplit("|", 1)
            left.append(before)
            right.append(after)
            continue
        m = _RESPONSE_COLUMN_START.search(row) or _RESPONSE_START.search(row)
        if m and m.start() > 0:
            left.append(row[: m.start()])
            right.append(row[m.start() :])
        elif right and (not left or left[-1].rstrip().endswith(".")):
            right.append(row)
        else:
            left.append(row)
    return (
        " ".join(" ".join(left).split()),
        " ".join(" ".join(right).split()),
    )


def _attach_section(
    lines: list[tuple[int, str]],
    start: int,
    by_id: dict[str, _Finding],
    findings: dict[str, _Finding] | None,
) -> None:
    """Rows of a responses section: "<control id> <exception restated> <response>". When the
    section lists exceptions (`findings` given), a control missing from the tables (a design
    exception in a type 1, say) becomes a finding of its own."""
    current: _Finding | None = None
    buffer: list[str] = []

    def flush() -> None:
        if current is None or not buffer:
            return
        columns = _two_columns(buffer)
        if columns is not None:
            described, response = columns
        else:
            text = " ".join(buffer)
            m = _RESPONSE_START.search(text)
            described = text[: m.start()] if m else text
            response = text[m.start() :] if m else text
        if not current.management_response:
            current.management_response = response.strip()[:600] or None
        if not current.description:
            current.description = described.strip()[:600]
            current.deviations, current.sample_size = deviations_and_sample(current.description)

    for index, (page, line) in enumerate(lines[start + 1 : start + 300], start=start + 1):
        if _SECTION_BREAK.match(line):
            break
        m = _ANCHOR.match(line) or _CRITERIA_ROW.match(line)
        if m and _normal_id(m["id"]) not in by_id and findings is not None:
            control = m["id"]
            listed = sorted({_normal_id(c) for c in _TSC_IN.findall(m.group())})
            new = _Finding(control, listed, "", None, None, page, evidence=[evidence(page, line)])
            new.line = index
            findings[_normal_id(control)] = by_id[_normal_id(control)] = new
        if m and _normal_id(m["id"]) in by_id:
            flush()
            current, buffer = by_id[_normal_id(m["id"])], [line[m.end() :].strip()]
        elif m:
            flush()
            current, buffer = None, []
        elif current is not None:
            buffer.append(line)
    flush()


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
    in_responses = _response_section_lines(lines)
    for i, (page, line) in enumerate(lines):
        if i in in_responses:  # management's words about exceptions, not test results
            continue
        # The statement must start on this line, or the next row's text would be blamed; only
        # its possible first words are tried, which keeps a 300-page report fast.
        if not _NOT_TESTED_FIRST.search(line + " " + _next(lines, i)):
            continue
        # Narrow result columns spread the statement over many lines.
        # Table rules read by OCR ("could not be" / "| tested.") are not words.
        pieces = [_CELL_RULE.sub("", text) for _, text in lines[i : i + 12]]
        window = " ".join(pieces)
        first = len(pieces[0])
        # (endpos: a first word may run onto the next line, "Not" / "tested.")
        found = _NOT_TESTED_START.finditer(window, 0, first + 16)
        starts = [m.start() for m in found if m.start() < first]
        if not any(_NOT_TESTED.match(window, start) for start in starts):
            continue
        row = _row_for(rows, i)
        if row is None:
            continue
        control = row.control_id
        if control is not None and control not in ids:
            ids.append(control)
            ev.append(evidence(page, window))
    return Found(ids, 0.6 if ids else 0.5, ev[:5])
