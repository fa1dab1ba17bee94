"""Subservice organizations (carve-out / inclusive) and the count of CUECs."""

from __future__ import annotations

import re

from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from parser_worker.extraction.normalize import clean_org_name
from vendor_core.reports.extraction import CarveMethod, SubserviceOrganization

_ORG = (
    r"(?P<org>[A-Z][\w&.\-]*(?:\s+(?:[A-Z][\w&.\-]*|of|and|&)){0,5}"
    r"(?:,?\s+(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|Co|LP|plc)\.?)?)"
)
_USES = re.compile(
    rf"(?:uses|utilizes|utilises|relies\s*(?:up)?on|leverages|engaged|outsources?\s*\w+\s*to)\s*"
    rf"(?:the\s*services\s*of\s*)?(?:a\s*subservice\s*organization,?\s*)?{_ORG}"
    r"(?:\s*\(\s*[\"']?(?P<abbr>[A-Z][\w]+)[\"']?\s*\))?",
)
_NAMED_SUBSERVICE = re.compile(
    rf"{_ORG}\s*(?:\(\s*[\"']?(?P<abbr>[A-Z][\w]+)[\"']?\s*\)\s*)?,?\s*(?:a|the|as\s*a|is\s*a)\s*subservice\s*organi[sz]ation"
)
_CARVE_OUT = re.compile(
    r"carve[\s-]*out|carved[\s-]*out|exclud(?:es|ed|ing)\s*(?:the\s*)?(?:controls|control\s*objectives"
    r"|criteria)\s*(?:of|at|performed)",
    re.IGNORECASE,
)
_INCLUSIVE = re.compile(
    r"inclusive\s*method|includes?\s*(?:the\s*)?(?:relevant\s*)?controls\s*(?:of|at|performed\s*by)\s*"
    r"(?:the\s*)?subservice",
    re.IGNORECASE,
)
_NOT_ORG = re.compile(
    r"^(?:The|This|These|Our|Its|Management|Company|Service|User|Each|In|Certain|Controls?|Customers?"
    r"|System|Data|Subservice|Section|Complementary|Such)\b"
)
_CUEC_HEADING = re.compile(
    r"complementary\s*(?:user\s*entity|customer|client)\s*controls?|user\s*entity\s*control\s*considerations"
    r"|client\s*control\s*considerations|user\s*control\s*considerations",
    re.IGNORECASE,
)
_CUEC_END = re.compile(
    r"complementary\s*subservice|subservice\s*organi[sz]ations?$|^section\s*[ivx\d]+\b|trust\s*services"
    r"\s*criteria\s*and|^(?:part|section)\s*\w+\s*[:\-]|^information\s*provided\s*by|tests?\s*of\s*controls",
    re.IGNORECASE,
)
_CUEC_LISTED = re.compile(
    r"^(?:\u2022\s+|\d{1,3}\s*[.)|\]]?\s+(?=[A-Z])|[a-z][.)]\s+|CUEC[\s\-#]*\d+)", re.IGNORECASE
)
# OCR reads table rules around a cell as "|", "[" or "]" ("| 7 | User entities ...").
_CELL_RULES = re.compile(r"^[|\[\]\s]+")
_CUEC_SUBJECT = (
    r"(?:user\s*entities|customers|clients|the\s*(?:user\s*entity|customer|client))\s*(?:are|is"
    r"|should|must|have|will)\b"
)
# A table whose rows the text layer runs together into one line: "... Related Criteria
# 1 User entities are responsible for ... CC6.2 2 User entities are responsible for ...".
_CUEC_INLINE = re.compile(
    rf"(?:^|(?<=\s))(?:\d{{1,3}}[.)]?|\u2022)\s+(?={_CUEC_SUBJECT})", re.IGNORECASE
)
_CUEC_SENTENCE = re.compile(rf"^{_CUEC_SUBJECT}", re.IGNORECASE)
# A report that needs no CUECs says so in a sentence rather than leaving the table empty:
# "no complementary user entity controls are necessary", "does not require any complementary
# user entity controls", "there are no CUECs", "user entity controls are not required".
_CUEC_TERM = (
    r"(?:complementary\s*(?:user\s*entity|customer|client)\s*controls?|cuecs?"
    r"|user\s*(?:entity\s*)?control\s*considerations)"
)
_CUEC_NONE = re.compile(
    rf"\b(?:no|not\s*(?:require|need|rely\s*on)\s*any|without\s*(?:any|the\s*need\s*for))\s*"
    rf"(?:\w+\s*){{0,2}}?{_CUEC_TERM}"
    rf"|{_CUEC_TERM}\s*(?:are|is|were|was)\s*(?:not|neither)\s*(?:necessary|required|needed"
    r"|applicable|relevant)|\bnone\s*(?:have\s*been\s*)?identified\b",
    re.IGNORECASE,
)


_SUBSERVICE_HEADING = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?subservice\s*organi[sz]ations?\s*(?:used)?\s*:?$", re.I
)
_SECTION_LINES = 40


def _section_sentences(doc: Document) -> list[Sentence]:
    """Sentences under a "Subservice Organizations" heading: there, "X uses Y for Z" names a
    subservice organization even without the word."""
    lines = list(doc.lines())
    out: list[Sentence] = []
    for i, (_, line) in enumerate(lines):
        if not _SUBSERVICE_HEADING.match(line):
            continue
        chunk: list[tuple[int, str]] = []
        for page, text in lines[i + 1 : i + _SECTION_LINES]:
            if len(text) < 60 and text[:1].isupper() and not text.endswith((".", ",")) and chunk:
                break  # the next heading
            chunk.append((page, text))
        if chunk:
            joined = " ".join(text for _, text in chunk)
            out.extend(
                Sentence(chunk[0][0], part) for part in re.split(r"(?<=[.;])\s+", joined) if part
            )
    return out


def _method_for(doc: Document, org: str) -> CarveMethod | None:
    for s in doc.sentences():
        if org.split()[0] in s.text:
            if _INCLUSIVE.search(s.text):
                return CarveMethod.inclusive
            if _CARVE_OUT.search(s.text):
                return CarveMethod.carve_out
    return None


def detect_subservice_organizations(doc: Document) -> Found[list[SubserviceOrganization]]:
    """Named subservice organizations and whether their controls are carved out or included."""
    names: dict[str, Sentence] = {}
    mentions = [s for s in doc.sentences() if re.search(r"subservice", s.text, re.IGNORECASE)]
    mentions += _section_sentences(doc)
    for s in mentions:
        for pattern in (_NAMED_SUBSERVICE, _USES):
            for m in pattern.finditer(s.text):
                org = clean_org_name(re.sub(r"\s+(?:and|of|&)$", "", m["org"]))
                if len(org) < 2 or _NOT_ORG.match(org) or len(org.split()) > 6:
                    continue
                if not any(org in known or known in org for known in names):
                    names[org] = s
    if not names:
        return Found([], 0.3 if mentions else 0.0)
    doc_method = CarveMethod.carve_out
    if any(_INCLUSIVE.search(s.text) for s in mentions) and not any(
        _CARVE_OUT.search(s.text) for s in mentions
    ):
        doc_method = CarveMethod.inclusive
    found = [
        SubserviceOrganization(name=org, method=_method_for(doc, org) or doc_method)
        for org in names
    ]
    ev = [evidence(s.page, s.text) for s in list(names.values())[:3]]
    return Found(found, 0.6, ev)


def detect_cuec_count(doc: Document) -> Found[int | None]:
    """How many complementary user entity controls the description lists."""
    lines = list(doc.lines())
    best: tuple[int, Sentence] | None = None
    for i, (page, line) in enumerate(lines):
        if not (_CUEC_HEADING.search(line) and len(line) < 90):
            continue
        # "... designed with the assumption that no complementary user entity controls are
        # necessary": the heading introduces a statement, not a list.
        lead = " ".join(text for _, text in lines[i + 1 : i + 4])
        if _CUEC_NONE.search(lead) and not _CUEC_INLINE.search(lead):
            continue
        listed = sentences = 0
        for _, raw in lines[i + 1 : i + 400]:
            if _CUEC_END.search(raw) and (listed or sentences):
                break
            item = _CELL_RULES.sub("", raw)
            inline = len(_CUEC_INLINE.findall(item))
            if inline > 1:
                listed += inline
            elif _CUEC_LISTED.match(item):
                listed += 1
            elif _CUEC_SENTENCE.match(item):
                sentences += 1
        # A numbered or bulleted list is the table; sentences count only when there is none
        # (the intro "... user entities should employ." is not a control).
        count = listed or sentences
        if count and (best is None or count > best[0]):
            best = (count, Sentence(page, line))
    if best is None:
        return _no_cuecs(doc)
    return Found(best[0], 0.6, [evidence(best[1].page, best[1].text)])


def _no_cuecs(doc: Document) -> Found[int | None]:
    """0 when the report says no complementary user entity controls are needed, else unknown."""
    for s in doc.sentences():
        if _CUEC_NONE.search(s.text) and re.search(_CUEC_TERM, s.text, re.IGNORECASE):
            return Found(0, 0.5, [evidence(s.page, s.text)])
    return Found(None, 0.0)
