"""Report kind (SOC 1/2/3) and type (1/2), voted from the title pages and the opinion/scope.

Titles and scope paragraphs outvote everything else; running headers and footers (stripped
as furniture) only break a tie, because template leftovers ("SOC 2 Type 2" in a SOC 3's
footer) live there.
"""

from __future__ import annotations

import re
from collections import defaultdict

from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from vendor_core.reports.extraction import ReportKind, ReportType

_KIND_MARK = re.compile(
    r"\b(?:soc|(?:system|service)\s*(?:and\s*)?organi[sz]ation\s*controls?(?:\s*\(\s*soc\s*\))?)"
    r"[\s\-]*(?:report\s*)?(?:no\.?\s*)?"
    r"(?P<n>1|2|3|one|two|three|iii|ii|i)\b(?!\.\d)(?:\s*(?:®|\(r\)))?",
    re.IGNORECASE,
)
_KIND_NUMBERS = {"1": 1, "i": 1, "one": 1, "2": 2, "ii": 2, "two": 2, "3": 3, "iii": 3, "three": 3}
_TYPE_MARK = re.compile(r"\btype\s*(?P<n>ii|2|two|i|1|one)\b", re.IGNORECASE)
_SOC1_CONTENT = re.compile(
    r"internal\s*control\s*over\s*financial\s*reporting|control\s*objectives|AT-?C\s*(?:section\s*)?320"
    r"|SSAE\s*(?:No\.?\s*)?(?:16|18)\b(?!.*AT-?C\s*205)|ISAE\s*3402",
    re.IGNORECASE,
)
_SOC2_CONTENT = re.compile(
    r"trust\s*services\s*(?:criteria|principles)|relevant\s*to\s*(?:security|availability|processing"
    r"|confidentiality|privacy)|AT-?C\s*(?:section\s*)?205",
    re.IGNORECASE,
)
# A SOC 3 opinion is on management's assertion alone, with no description or tests.
_SOC3_CONTENT = re.compile(
    r"general\s*use\s*report|trust\s*services\s*report|SysTrust|WebTrust"
    r"|maintained,?\s*in\s*all\s*material\s*respects,?\s*effective\s*controls",
    re.IGNORECASE,
)
_TYPE2_CONTENT = re.compile(
    r"operat(?:ed|ing)\s*effective(?:ly|ness)\s*(?:of\s*(?:the\s*)?controls\s*)?throughout"
    r"|throughout\s*the\s*period|for\s*the\s*period|during\s*the\s*period"
    r"|were\s*(?:suitably\s*designed\s*and\s*)?operat(?:ed|ing)\s*effectively",
    re.IGNORECASE,
)
_TYPE1_CONTENT = re.compile(
    r"suitab(?:ly|ility\s*of\s*the)\s*design(?:ed)?[^.]{0,120}?\bas\s*of\b|\bas\s*of\b[^.]{0,200}?suitab(?:ly|ility\s*of\s*the)\s*design"
    r"|do(?:es)?\s*not\s*(?:express|include)[^.]{0,80}operating\s*effectiveness"
    r"|not\s*(?:performed|perform)\s*(?:any\s*)?(?:procedures|tests)[^.]{0,80}operating\s*effectiveness",
    re.IGNORECASE,
)
_OPINION_OR_SCOPE = re.compile(
    r"in\s*(?:our|my)\s*opinion|(?:we|I)\s*have\s*examined|\bscope\b|management'?s?\s*assertion|we\s*were\s*engaged",
    re.IGNORECASE,
)


def _key_sentences(doc: Document) -> list[Sentence]:
    return [s for s in doc.sentences() if _OPINION_OR_SCOPE.search(s.text)]


def _vote(
    votes: dict[int, float], proof: dict[int, list[Sentence]], n: int, w: float, s: Sentence
) -> None:
    votes[n] += w
    proof[n].append(s)


def detect_kind(doc: Document) -> Found[ReportKind]:
    """SOC 1, 2 or 3 (or unknown), with a `kind_conflict` warning when strong votes disagree."""
    votes: dict[int, float] = defaultdict(float)
    proof: dict[int, list[Sentence]] = defaultdict(list)
    for page in doc.lead_pages(3):
        weight = 4.0 if page is doc.lead_pages(1)[0] else 2.5
        seen: set[int] = set()
        for line in page.lines[:60]:
            for m in _KIND_MARK.finditer(line):
                n = _KIND_NUMBERS[m["n"].lower()]
                if n not in seen:
                    seen.add(n)
                    _vote(votes, proof, n, weight, Sentence(page.number, line))
    for s in _key_sentences(doc)[:40]:
        if _SOC1_CONTENT.search(s.text):
            _vote(votes, proof, 1, 1.0, s)
        if _SOC2_CONTENT.search(s.text):
            _vote(votes, proof, 2, 0.6, s)
        if _SOC3_CONTENT.search(s.text):
            _vote(votes, proof, 3, 1.0, s)
        for m in _KIND_MARK.finditer(s.text):
            _vote(votes, proof, _KIND_NUMBERS[m["n"].lower()], 0.5, s)
    body_marks: dict[int, int] = defaultdict(int)
    for s in doc.sentences():
        for m in _KIND_MARK.finditer(s.text):
            body_marks[_KIND_NUMBERS[m["n"].lower()]] += 1
    for n, count in body_marks.items():
        votes[n] += min(count, 10) * 0.1
    if not votes:
        for s in doc.furniture:
            for m in _KIND_MARK.finditer(s.text):
                _vote(votes, proof, _KIND_NUMBERS[m["n"].lower()], 0.2, s)
    _soc3_structure_vote(doc, votes, proof)
    if not votes:
        return Found(ReportKind.unknown, 0.0)
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    best, best_score = ranked[0]
    warnings = []
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if runner_up >= 2.5 and runner_up >= 0.6 * best_score:
        warnings.append("kind_conflict")
    confidence = min(0.98, 0.5 + 0.5 * (best_score - runner_up) / max(best_score, 1.0))
    kind = {1: ReportKind.soc1, 2: ReportKind.soc2, 3: ReportKind.soc3}[best]
    ev = [evidence(s.page, s.text) for s in proof[best][:2]]
    return Found(kind, round(confidence, 2), ev, warnings)


def _soc3_structure_vote(
    doc: Document, votes: dict[int, float], proof: dict[int, list[Sentence]]
) -> None:
    """A short report whose opinion is on the assertion, with no tests, looks like a SOC 3."""
    if doc.page_count > 30 or not votes:
        return
    text = " ".join(page.text for page in doc.pages)
    has_tests = re.search(
        r"tests?\s*(?:of\s*controls\s*)?(?:performed|results)|test\s*results", text, re.I
    )
    has_description = re.search(r"fairly\s*presents|description\s*criteria", text, re.I)
    if not has_tests and not has_description and votes.get(2):
        votes[3] += 1.0


def detect_type(doc: Document, kind: ReportKind) -> Found[ReportType | None]:
    """Type 1 or 2 from the title and the opinion/scope wording; None for SOC 3 and unknown."""
    if kind in (ReportKind.soc3, ReportKind.unknown):
        return Found(None, 0.9 if kind is ReportKind.soc3 else 0.3)
    votes: dict[int, float] = defaultdict(float)
    proof: dict[int, list[Sentence]] = defaultdict(list)
    for page in doc.lead_pages(3):
        for line in page.lines[:60]:
            m = _TYPE_MARK.search(line)
            if m:
                n = 2 if m["n"].lower() in ("ii", "2", "two") else 1
                _vote(votes, proof, n, 2.0, Sentence(page.number, line))
                break
    for s in _key_sentences(doc)[:40]:
        if _TYPE2_CONTENT.search(s.text):
            _vote(votes, proof, 2, 1.0, s)
        elif _TYPE1_CONTENT.search(s.text):
            _vote(votes, proof, 1, 1.0, s)
    if not votes:
        for s in doc.furniture[:20]:
            m = _TYPE_MARK.search(s.text)
            if m:
                n = 2 if m["n"].lower() in ("ii", "2", "two") else 1
                _vote(votes, proof, n, 0.3, s)
    if not votes:
        return Found(None, 0.0)
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = min(0.98, 0.5 + 0.5 * (score - runner_up) / max(score, 1.0))
    value = ReportType.type2 if best == 2 else ReportType.type1
    return Found(value, round(confidence, 2), [evidence(s.page, s.text) for s in proof[best][:2]])
