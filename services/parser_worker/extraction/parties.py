"""Who and what: the service organization, its system, the service auditor, the issue date."""

from __future__ import annotations

import datetime as dt
import re

from parser_worker.extraction.dates import find_dates
from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from parser_worker.extraction.normalize import clean_org_name

_NAME = r"[A-Z0-9][\w&.,'\- ]{1,80}?"
_ORG_PATTERNS = [
    # "We have examined Acme Corp.'s accompanying description" / "the description of Acme's"
    re.compile(
        rf"we\s*have\s*examined\s*(?:the\s*(?:accompanying\s*)?(?:description|assertion)\s*of\s*)?"
        rf"(?:management\s*of\s*)?(?P<org>{_NAME})(?:'s|')\s*(?:\(.{{0,60}}?\)\s*)?(?:accompanying|description"
        r"|assertion|system|management)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^to\s*(?:the\s*)?(?:board\s*of\s*directors|management|audit\s*committee)\s*(?:and\s*\w+\s*)?of\s*(?P<org>{_NAME})\s*:?$",
        re.IGNORECASE,
    ),
    re.compile(rf"^(?P<org>{_NAME})(?:'s|')\s*(?:management'?s?\s*)?assertion\s*$", re.IGNORECASE),
    re.compile(rf"(?:prepared\s*for|report\s*of)\s*(?P<org>{_NAME})$", re.IGNORECASE),
]
_ORG_STOP = re.compile(
    r"^(?:the|our|its|their|management|service|user|this|we|in|an?|such|each|independent|"
    r"description|system)\b",
    re.IGNORECASE,
)
_SYSTEM = re.compile(
    r"(?:description\s*of\s*(?:its|the|their|[A-Z][\w&.,\- ]{1,60}?'s)"
    r"|controls\s*within\s*(?:the|its))"
    r"\s*(?P<sys>[\w&.,'()\- ]{2,90}?)\s*"
    r"(?:system\b|services?\s*system\b|(?=\s*(?:titled|entitled|throughout|as\s*of|for\s*the\s*period"
    r"|during|\(|,|\.|that|based|relevant|in\s*accordance)))",
    re.IGNORECASE,
)
_SYSTEM_TITLE = re.compile(r"^(?P<sys>[A-Z][\w&.'\- ]{2,80}?\s(?:System|Platform|Services?))$")
_FIRM_SUFFIX = re.compile(
    r"^(?:/s/\s*)?(?P<firm>[A-Z][\w&.,'\- ]{1,70}?\s*(?:,\s*)?"
    r"(?:LLP|L\.L\.P\.|LLC|L\.L\.C\.|PLLC|P\.C\.|PC|CPAs?|Inc\.?|Ltd\.?|Limited|GmbH|AG|S\.A\."
    r"|& Co\.?|& Company|Certified\s*Public\s*Accountants?"
    r"|Chartered\s*Accountants|Accountants?\s*(?:and|&)\s*(?:Advisors|Consultants))\.?)\s*$",
)
_BIG_FIRMS = re.compile(
    r"\b(?:Deloitte\s*&\s*Touche\s*LLP|Ernst\s*&\s*Young\s*LLP|KPMG\s*LLP|PricewaterhouseCoopers\s*LLP"
    r"|Grant\s*Thornton\s*LLP|BDO\s*USA,?\s*(?:LLP|P\.C\.)|Moss\s*Adams\s*LLP|Schellman\s*&\s*Company,?\s*LLC"
    r"|A-LIGN\s*(?:Assurance|Compliance)?\s*(?:LLC)?|Coalfire\s*Controls,?\s*LLC|Crowe\s*LLP|RSM\s*US\s*LLP)",
    re.IGNORECASE,
)
_CPA_SIGNER = re.compile(
    r"^(?P<name>[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-zA-Z'\-]+){1,2}),?\s*(?:CPA|C\.P\.A\.)\b"
)
_AUDITOR_REPORT = re.compile(
    r"independent\s*service\s*auditor'?s?'?\s*report|independent\s*accountants?'?\s*report"
    r"|report\s*of\s*independent|in\s*our\s*opinion",
    re.IGNORECASE,
)
_NOT_A_FIRM = re.compile(r"subservice|amazon|microsoft|google|customer|user\s*entit", re.IGNORECASE)


def _clean_name(name: str) -> str:
    return clean_org_name(name)


def detect_service_organization(doc: Document) -> Found[str | None]:
    """The vendor whose system is examined."""
    votes: dict[str, list[Sentence]] = {}
    sources = _org_sources(doc)
    for pattern in _ORG_PATTERNS:
        for s in sources:
            m = pattern.search(s.text)
            if not m:
                continue
            name = _clean_name(m["org"])
            if 2 <= len(name) <= 80 and not _ORG_STOP.match(name):
                votes.setdefault(name, []).append(s)
    if not votes:
        return Found(None, 0.0)
    # "Acme" and "Acme, LLC" are one organisation: the full legal name collects both votes.
    for short in sorted(votes, key=len):
        longer = [
            n for n in votes if n != short and n.startswith(short) and len(n) - len(short) < 15
        ]
        if longer:
            votes[max(longer, key=len)].extend(votes.pop(short))
    best = max(votes, key=lambda n: (len(votes[n]), len(n)))
    confidence = 0.85 if len(votes[best]) > 1 else 0.6
    return Found(best, confidence, [evidence(s.page, s.text) for s in votes[best][:2]])


def _org_sources(doc: Document) -> list[Sentence]:
    lines = [
        Sentence(p, line)
        for p, line in doc.lines()
        if line.lower().startswith("to ") or (len(line) < 90 and line.lower().endswith("assertion"))
    ]
    sentences = [
        s
        for s in doc.sentences()
        if re.search(r"we\s*have\s*examined|assertion|prepared\s*for", s.text, re.IGNORECASE)
    ]
    return lines[:40] + sentences[:60]


def detect_system_name(doc: Document) -> Found[str | None]:
    """The system in scope ("description of its X system")."""
    votes: dict[str, list[Sentence]] = {}
    for s in doc.sentences()[:3000]:
        if not re.search(r"description\s*of|controls\s*within", s.text, re.IGNORECASE):
            continue
        for m in _SYSTEM.finditer(s.text):
            name = _clean_name(m["sys"])
            name = re.sub(r"^(?:accompanying\s+)", "", name, flags=re.IGNORECASE)
            if 2 <= len(name) <= 80 and not re.match(
                r"(?:system|controls?|services?)$", name, re.I
            ):
                full = m.group(0)
                if re.search(r"\bsystem\b", full, re.IGNORECASE) and not name.lower().endswith(
                    "system"
                ):
                    name = f"{name} System" if name[:1].isupper() else name
                votes.setdefault(name, []).append(s)
    if not votes:
        for page in doc.lead_pages(1):
            for line in page.lines[:20]:
                m = _SYSTEM_TITLE.match(line)
                if m and not re.search(r"report|soc|controls?\s*at", line, re.I):
                    return Found(m["sys"], 0.4, [evidence(page.number, line)])
        return Found(None, 0.0)
    best = max(votes, key=lambda n: len(votes[n]))
    return Found(
        best,
        0.8 if len(votes[best]) > 1 else 0.55,
        [evidence(s.page, s.text) for s in votes[best][:2]],
    )


def _report_pages(doc: Document) -> list[int]:
    """Pages of the service auditor's report (heading or opinion), with the following page."""
    pages: list[int] = []
    for page in doc.pages:
        if _AUDITOR_REPORT.search(page.text):
            pages.extend([page.number, page.number + 1])
    return sorted(set(pages))


def detect_service_auditor(doc: Document) -> Found[str | None]:
    """The audit firm (or individual CPA) that signed the report."""
    report_pages = set(_report_pages(doc))
    firm_votes: dict[str, list[Sentence]] = {}
    for page in doc.pages:
        in_report = page.number in report_pages
        for line in page.lines:
            if len(line) > 90 or _NOT_A_FIRM.search(line):
                continue
            m = _FIRM_SUFFIX.match(line) or _BIG_FIRMS.search(line)
            if m:
                firm = _clean_name(m.group(1) if m.re is _FIRM_SUFFIX else m.group(0))
                # Company names ("Acme Inc.") also carry suffixes; an auditor signs the report.
                weight = 2 if in_report else 1
                for _ in range(weight):
                    firm_votes.setdefault(firm, []).append(Sentence(page.number, line))
    org = detect_service_organization(doc).value
    if org:
        firm_votes = {f: v for f, v in firm_votes.items() if org.lower() not in f.lower()}
    firm_votes = {
        f: v for f, v in firm_votes.items() if not re.match(r"(?:inc|llc|llp)\.?$", f, re.I)
    }
    if firm_votes:
        best = max(firm_votes, key=lambda f: (len(firm_votes[f]), bool(_BIG_FIRMS.search(f))))
        confidence = 0.8 if len(firm_votes[best]) > 1 else 0.55
        return Found(best, confidence, [evidence(s.page, s.text) for s in firm_votes[best][:2]])
    for page in doc.pages:
        if page.number not in report_pages:
            continue
        for line in page.lines:
            m = _CPA_SIGNER.match(line)
            if m:
                return Found(m.group(0).strip(" ,"), 0.5, [evidence(page.number, line)])
    return Found(None, 0.0)


def detect_report_date(doc: Document, *, period_end: dt.date | None) -> Found[dt.date | None]:
    """The issue date under the auditor's signature: a date standing on its own line after
    the opinion, not the period end (though it may fall on the same day)."""
    candidates: list[tuple[dt.date, Sentence]] = []
    for number in _report_pages(doc):
        page = next((p for p in doc.pages if p.number == number), None)
        if page is None:
            continue
        lines = page.lines
        opinion_at = next(
            (i for i, line in enumerate(lines) if re.search(r"in\s*our\s*opinion", line, re.I)), 0
        )
        for line in lines[opinion_at:]:
            dates = find_dates(line)
            # A signature-block date stands alone ("March 15, 2026", "Boston, MA March 15, 2026").
            stands_alone = len(dates) == 1 and len(line) - (dates[0].end - dates[0].start) <= 40
            if stands_alone and not re.search(
                r"period|through|as\s*of|ended|ending|from", line, re.I
            ):
                candidates.append((dates[0].date, Sentence(number, line)))
    if period_end is not None:
        after = [c for c in candidates if c[0] >= period_end]
        candidates = after or candidates
    if not candidates:
        return Found(None, 0.0)
    date, source = candidates[0]
    confidence = 0.8 if period_end is None or date > period_end else 0.5
    return Found(date, confidence, [evidence(source.page, source.text)])
