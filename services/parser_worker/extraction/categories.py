"""Trust Services Criteria categories in scope, from the title and scope/opinion statements.

Boilerplate names all five categories (the AICPA's "Trust Services Criteria for Security,
Availability, Processing Integrity, Confidentiality, and Privacy" citation), so the citation
is cut out before reading a statement, and the narrower statement wins a tie.
"""

from __future__ import annotations

import re
from collections import defaultdict

from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from vendor_core.reports.extraction import TSC_ORDER, ReportKind, TscCategory

_NAMES = {
    TscCategory.security: r"security",
    TscCategory.availability: r"availability",
    TscCategory.processing_integrity: r"processing\s*integrity",
    TscCategory.confidentiality: r"confidentiality",
    TscCategory.privacy: r"privacy",
}
_ANY_NAME = "|".join(_NAMES.values())
# The AICPA publication title (and older "Principles and Criteria") cited in boilerplate.
_CITATION = re.compile(
    r"(?:TSP\s*(?:section\s*)?100,?\s*)?(?:\(?\s*AICPA\s*,?\s*)?(?:20\d\d\s*)?"
    r"trust\s*services\s*(?:principles\s*(?:,|and)\s*criteria|criteria|principles)\s*(?:for\s*)?"
    rf"(?:(?:{_ANY_NAME})\s*,?\s*(?:and\s*|or\s*)?){{3,5}}"
    r"(?:\(\s*AICPA\s*,?\s*trust\s*services\s*criteria\s*\))?",
    re.IGNORECASE,
)
# "relevant to security, availability, and confidentiality" and its cousins.
_LIST = rf"(?:(?:the\s*)?(?:{_ANY_NAME})\s*(?:,|and|&|\s)*)+"
_STATEMENT = re.compile(
    rf"(?:relevant\s*to|related\s*to|for\s*the|over|meet(?:ing)?\s*the|criteria\s*for|addressing)"
    rf"\s*(?P<list>{_LIST})(?:principles?|categor(?:y|ies)|criteria|trust)?",
    re.IGNORECASE,
)
_SCOPE_HINT = re.compile(
    r"applicable\s*trust\s*services\s*criteria|in\s*(?:our|my)\s*opinion|(?:we|I)\s*have\s*examined|\bscope\b"
    r"|service\s*commitments\s*and\s*system\s*requirements|report\s*on|relevant\s*to",
    re.IGNORECASE,
)


def categories_in(text: str) -> list[TscCategory]:
    """The categories a scope statement names, in contract order (citations removed)."""
    text = _CITATION.sub(" ", text)
    named: set[TscCategory] = set()
    for m in _STATEMENT.finditer(text):
        for category, pattern in _NAMES.items():
            if re.search(pattern, m["list"], re.IGNORECASE):
                named.add(category)
    return [c for c in TSC_ORDER if c in named]


def detect_categories(doc: Document, kind: ReportKind) -> Found[list[TscCategory]]:
    """Categories stated by the title and scope/opinion; empty for SOC 1 (control objectives)."""
    if kind is ReportKind.soc1:
        return Found([], 0.9)
    votes: defaultdict[tuple[TscCategory, ...], float] = defaultdict(float)
    proof: dict[tuple[TscCategory, ...], list[Sentence]] = {}
    for page in doc.lead_pages(2):
        title = " ".join(page.lines[:25])
        found = tuple(categories_in(title))
        if found:
            votes[found] += 2.0
            proof.setdefault(found, []).append(Sentence(page.number, title))
    for s in doc.sentences():
        if not _SCOPE_HINT.search(s.text):
            continue
        found = tuple(categories_in(s.text))
        if not found:
            continue
        weight = (
            1.5
            if re.search(r"applicable\s*trust\s*services|in\s*(?:our|my)\s*opinion", s.text, re.I)
            else 1.0
        )
        votes[found] += weight
        proof.setdefault(found, []).append(s)
    if not votes:
        return Found([], 0.2 if kind is ReportKind.soc2 else 0.0)
    # Highest vote wins; a tie goes to the narrower statement.
    best = max(votes, key=lambda k: (votes[k], -len(k)))
    value = list(best)
    # The common criteria (security) apply to every SOC 2 under the 2017 criteria.
    if (
        value
        and TscCategory.security not in value
        and kind is ReportKind.soc2
        and any(re.search(r"common\s*criteria", s.text, re.I) for s in doc.sentences()[:2000])
    ):
        value = [TscCategory.security, *value]
    total = sum(votes.values())
    confidence = round(min(0.95, 0.5 + 0.5 * votes[best] / total), 2)
    return Found(value, confidence, [evidence(s.page, s.text) for s in proof[best][:2]])
