"""The auditor's opinion, read only from the opinion paragraph and "Basis for ..." headings.

"except for" and "did not operate effectively" also occur in boilerplate (inherent
limitations, responsibilities), so a keyword found anywhere never decides the opinion.
"""

from __future__ import annotations

import re

from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from vendor_core.reports.extraction import Opinion

_SEVERITY = [Opinion.unqualified, Opinion.qualified, Opinion.adverse, Opinion.disclaimer]

_HEADING = {
    Opinion.disclaimer: re.compile(
        r"basis\s*for\s*disclaimer\s*of\s*opinion|^disclaimer\s*of\s*opinion", re.IGNORECASE
    ),
    Opinion.adverse: re.compile(
        r"basis\s*for\s*adverse\s*opinion|^adverse\s*opinion", re.IGNORECASE
    ),
    Opinion.qualified: re.compile(
        r"basis\s*for\s*qualified\s*opinion|^qualified\s*opinion", re.IGNORECASE
    ),
}
_STATED = re.compile(
    r"opinion\s*(?:result|type|rendered|issued)?\s*[:\-]\s*(?P<v>unqualified|unmodified|qualified"
    r"|modified|adverse|disclaimer|disclaimed)",
    re.IGNORECASE,
)
_OPINION_SENTENCE = re.compile(
    r"in\s*(?:our|my)\s*opinion|(?:we|I)\s*do\s*not\s*express\s*an\s*opinion", re.I
)
_DISCLAIMER = re.compile(
    r"(?:we|I)\s*do\s*not\s*express\s*an\s*opinion|unable\s*to\s*obtain\s*sufficient\s*appropriate"
    r"|not\s*able\s*to\s*obtain\s*sufficient\s*appropriate|disclaim",
    re.IGNORECASE,
)
_QUALIFIED = re.compile(
    r"in\s*(?:our|my)\s*opinion,?\s*(?:[^.]{0,80}?)except\s*for|except\s*for\s*the\s*(?:possible\s*)?"
    r"(?:effects?\s*of\s*the\s*)?matters?",
    re.IGNORECASE,
)
_ADVERSE = re.compile(
    r"because\s*of\s*the\s*(?:significance\s*of\s*the\s*|effects?\s*of\s*the\s*)?matters?"
    r"[^.]{0,400}?(?:not\s*(?:fairly|suitably|present|operat)|did\s*not|were\s*not|was\s*not"
    r"|does\s*not|is\s*not)",
    re.IGNORECASE,
)
_UNQUALIFIED = re.compile(
    r"in\s*all\s*material\s*respects|fairly\s*(?:presents|stated)|suitably\s*designed"
    r"|operated\s*effectively|effective\s*controls",
    re.IGNORECASE,
)
_STATED_VALUES = {
    "unqualified": Opinion.unqualified,
    "unmodified": Opinion.unqualified,
    "qualified": Opinion.qualified,
    "modified": Opinion.qualified,
    "adverse": Opinion.adverse,
    "disclaimer": Opinion.disclaimer,
    "disclaimed": Opinion.disclaimer,
}


# A type 1 report "did not perform any procedures regarding the operating effectiveness ...
# and, accordingly, do not express an opinion thereon": a scope statement, not a disclaimer.
_TYPE1_SCOPE = re.compile(
    r"operating\s*effectiveness[^.]{0,200}?do\s*not\s*express\s*an\s*opinion"
    r"|do\s*not\s*express\s*an\s*opinion\s*(?:thereon|on\s*(?:the\s*)?operating\s*effectiveness)",
    re.IGNORECASE,
)


_ADVERSE_LEAD = re.compile(
    r"in\s*(?:our|my)\s*opinion,?\s*because\s*of\s*the\s*(?:significance|effects?|pervasive)", re.I
)


def classify_opinion_sentence(text: str) -> Opinion:
    """Classify one opinion sentence ("In our opinion, ...")."""
    if _DISCLAIMER.search(text) and not (
        _TYPE1_SCOPE.search(text)
        and not re.search(r"unable\s*to\s*obtain|not\s*able\s*to\s*obtain", text, re.I)
    ):
        return Opinion.disclaimer
    # "In our opinion, because of the significance of the matter ..." opens only an adverse
    # opinion (a qualified one says "except for"; a disclaimer expresses none).
    if _ADVERSE.search(text) or _ADVERSE_LEAD.search(text):
        return Opinion.adverse
    if _QUALIFIED.search(text):
        return Opinion.qualified
    if _UNQUALIFIED.search(text):
        return Opinion.unqualified
    return Opinion.unknown


def detect_opinion(doc: Document) -> Found[Opinion]:
    """The most severe opinion stated in an opinion paragraph or basis heading."""
    hits: list[tuple[Opinion, float, Sentence]] = []
    for page_number, line in doc.lines():
        for opinion, pattern in _HEADING.items():
            if len(line) < 80 and pattern.search(line):
                hits.append((opinion, 0.9, Sentence(page_number, line)))
    sentences = doc.sentences()
    for i, s in enumerate(sentences):
        stated = _STATED.search(s.text)
        if stated:
            hits.append((_STATED_VALUES[stated["v"].lower()], 0.85, s))
        if not _OPINION_SENTENCE.search(s.text) or _is_hypothetical(s.text):
            continue
        if _TYPE1_SCOPE.search(s.text) and not re.search(
            r"in\s*(?:our|my)\s*opinion", s.text, re.I
        ):
            continue
        # The opinion sentence often continues with "a. ... b. ..." lists split as sentences.
        window = " ".join(x.text for x in sentences[i : i + 4] if x.page in (s.page, s.page + 1))
        opinion = classify_opinion_sentence(s.text)
        if opinion is Opinion.unknown:
            widened = classify_opinion_sentence(window[:900])
            opinion = widened if widened is not Opinion.unknown else opinion
        if opinion is not Opinion.unknown:
            hits.append((opinion, 0.9 if opinion is not Opinion.unqualified else 0.85, s))
    if not hits:
        return Found(Opinion.unknown, 0.0)
    worst = max(hits, key=lambda h: _SEVERITY.index(h[0]))
    supporting = [h for h in hits if h[0] is worst[0]]
    confidence = worst[1]
    if len({h[0] for h in hits}) > 1 and worst[0] is not Opinion.unqualified:
        # A modified opinion is usually backed by both a heading and the opinion sentence.
        confidence = 0.9 if len(supporting) > 1 else 0.6
    elif len(supporting) > 1:
        confidence = min(0.97, confidence + 0.05)
    return Found(worst[0], confidence, [evidence(h[2].page, h[2].text) for h in supporting[:2]])


def _is_hypothetical(text: str) -> bool:
    # Responsibilities boilerplate: "... whether, in our opinion, ..." / "to express an opinion".
    return bool(
        re.search(
            r"(?:whether|if|to\s*express),?\s*in\s*(?:our|my)\s*opinion|based\s*on\s*our\s*examination,?\s*to",
            text,
            re.I,
        )
        and not re.search(r"^\W*in\s*(?:our|my)\s*opinion", text, re.I)
    )
