"""Who and what: the service organization, its system, the service auditor, the issue date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from parser_worker.extraction.dates import find_dates
from parser_worker.extraction.document import Document, Sentence
from parser_worker.extraction.found import Found, evidence
from parser_worker.extraction.normalize import clean_org_name

_NAME = r"[A-Z0-9][\w&.,'\- ]{1,80}?"
_ORG_PATTERNS = [
    # "We have examined Acme Corp.'s accompanying description" / "the description of Acme's"
    re.compile(
        rf"(?:we|I)\s*(?:have\s*)?examined\s*(?:the\s*(?:accompanying\s*)?(?:description|assertion)\s*of\s*)?"
        rf"(?:management\s*of\s*)?(?P<org>{_NAME})(?:'s|')\s*(?:\(.{{0,60}}?\)\s*)?(?:accompanying|description"
        r"|assertion|system|management)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^to\s*:?\s*(?:the\s*)?(?:board\s*of\s*directors|management|audit\s*committee|directors"
        rf"|shareholders|stockholders|members|owners|those\s*charged\s*with\s*governance)"
        rf"\s*(?:and\s*[\w ]{{1,30}}?)?of\s*(?P<org>{_NAME})\s*:?$",
        re.IGNORECASE,
    ),
    re.compile(rf"^to\s*:\s*(?P<org>{_NAME})\s*$", re.IGNORECASE),
    re.compile(rf"^(?P<org>{_NAME})(?:'s|')\s*(?:management'?s?\s*)?assertion\s*$", re.IGNORECASE),
    re.compile(rf"(?:prepared\s*for|report\s*of)\s*(?P<org>{_NAME})$", re.IGNORECASE),
    # management's assertion: "We have prepared the accompanying description of Acme, Inc.'s"
    re.compile(
        rf"(?:we|management)\s*(?:has|have)\s*prepared\s*the\s*(?:accompanying\s*)?description"
        rf"\s*of\s*(?P<org>{_NAME})(?:'s|')\s",
        re.IGNORECASE,
    ),
    # a summary or cover table row: "Service organization: Acme, Inc." / "Service Organization Acme"
    re.compile(rf"^(?i:service\s*organi[sz]ation(?:\s*name)?)\s*[:\-]?\s*(?P<org>{_NAME})$"),
]
_ORG_STOP = re.compile(
    r"^(?:the|our|its|their|management|service|user|this|we|in|an?|such|each|independent|"
    r"description|system|section|report|assertion|company|entity|responsibilit\w*|controls?"
    r"|overview|background)\b",
    re.IGNORECASE,
)
_SYSTEM = re.compile(
    r"(?:description\s*of\s*(?:its|the|their|[A-Z][\w&.,\- ]{1,60}?'s)"
    r"|controls\s*within\s*(?:the|its|[A-Z][\w&.,\- ]{1,60}?'s))"
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
# ISAE 3000 reports say "Independent Service Auditor's Assurance Report" / "Independent
# Practitioner's Report"; a disclaimer has no "In our opinion" at all.
_AUDITOR_REPORT = re.compile(
    r"independent\s*(?:service\s*)?(?:auditor|accountant|practitioner)s?'?s?'?\s*(?:assurance\s*"
    r"|examination\s*|attestation\s*)?report|report\s*of\s*independent|in\s*(?:our|my)\s*opinion"
    r"|(?:we|I)\s*do\s*not\s*express\s*an\s*opinion",
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
        if re.match(r"to\b|service\s*organi[sz]ation\b", line, re.IGNORECASE)
        or (len(line) < 90 and line.lower().endswith("assertion"))
    ]
    sentences = [
        s
        for s in doc.sentences()
        if re.search(
            r"(?:we|I)\s*(?:have\s*)?examined|assertion|prepared\s*(?:for|the)",
            s.text,
            re.IGNORECASE,
        )
    ]
    return lines[:40] + sentences[:60]


_CONNECTORS = frozenset({"and", "of", "&", "for", "the", "de", "-", "+"})
_NAME_BREAKS = frozenset({"Section", "Part", "Report", "Throughout", "As", "For"})


def _proper_name_prefix(text: str) -> str:
    """The leading proper name of a phrase: "Acme Cloud Platform for processing ..." ->
    "Acme Cloud Platform"; "the boundaries of the ..." -> ""."""
    tokens = text.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        if token in _NAME_BREAKS and kept:
            break
        if token[:1].isupper() or token[:1].isdigit():
            kept.append(token)
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if kept and token.lower() in _CONNECTORS and nxt[:1].isupper() and nxt not in _NAME_BREAKS:
            kept.append(token)
            continue
        break
    return " ".join(kept).strip(" ,.;:")


def detect_system_name(doc: Document) -> Found[str | None]:
    """The system in scope ("description of its X system")."""
    votes: dict[str, list[Sentence]] = {}
    for s in doc.sentences()[:3000]:
        if not re.search(r"description\s*of|controls\s*within", s.text, re.IGNORECASE):
            continue
        for m in _SYSTEM.finditer(s.text):
            name = _proper_name_prefix(_clean_name(m["sys"]))
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
                title = _SYSTEM_TITLE.match(line)
                if title and not re.search(r"report|soc|controls?\s*at", line, re.I):
                    return Found(title["sys"], 0.4, [evidence(page.number, line)])
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


# "Denver, Colorado", "Boston, MA", "London, United Kingdom": the signature block's place line.
_PLACE = re.compile(
    r"^[A-Z][A-Za-z.' ]{1,30},\s*(?:[A-Z]{2}|[A-Z][A-Za-z.' ]{2,30})(?:\s+\d{5})?\.?$"
)
_DATE_REST = re.compile(
    r"^[\s,.\-]*(?:(?:report\s*)?(?:date(?:d)?|issued(?:\s*on)?|issue\s*date)\s*[:\-]?\s*)?$",
    re.IGNORECASE,
)
_CONTINUES = re.compile(
    r"\b(?:of|to|through|and|ended|ending|on|at|from|between|as|dated|until|the|in|for)\s*$", re.I
)
_OFFICER = re.compile(
    r"\b(?:chief\s*\w+\s*officer|officer|president|CEO|CFO|CTO|CISO|COO|vice\s*president"
    r"|director\s*of|head\s*of)\b",
    re.IGNORECASE,
)
_SIGNER_LABEL = re.compile(
    r"^(?:(?:independent\s*)?service\s*auditor|auditor|signed|by"
    r"|(?:examination|report|audit|engagement)?\s*(?:performed|prepared|issued|signed|conducted)\s*by)"
    r"\s*[:\-]?\s*",
    re.IGNORECASE,
)
_NOT_SIGNER = re.compile(
    r"report|page|section|confidential|opinion|restricted|use|criteria|description|\bsoc\b"
    r"|responsibilit|limitations|scope|assertion|signed|signature|license|licence",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _SignatureBlock:
    date: dt.date
    date_line: Sentence
    lines: list[Sentence]


def _signature_blocks(doc: Document) -> list[_SignatureBlock]:
    """Issue-date lines after an opinion, with the few lines around them (firm, place)."""
    blocks: list[_SignatureBlock] = []
    pages = {p.number: p for p in doc.pages}
    for number in _report_pages(doc):
        page = pages.get(number)
        if page is None:
            continue
        lines = page.lines
        opinion_at = next(
            (
                i
                for i, line in enumerate(lines)
                if re.search(r"in\s*(?:our|my)\s*opinion", line, re.I)
            ),
            0,
        )
        for i in range(opinion_at, len(lines)):
            line = lines[i]
            dates = find_dates(line)
            if len(dates) != 1:
                continue
            rest = (line[: dates[0].start] + line[dates[0].end :]).strip()
            # A signature date stands alone, or beside the place ("Boston, MA March 15, 2026").
            if not (_DATE_REST.match(rest) or _PLACE.match(rest.rstrip(" ,"))):
                continue
            previous = lines[i - 1] if i else ""
            if _CONTINUES.search(previous):
                continue  # "... as of" / "September 30, 2025.": a wrapped sentence
            near = [Sentence(number, x) for x in lines[max(0, i - 4) : i + 4] if x != line]
            if any(_OFFICER.search(s.text) for s in near):
                continue  # management's signature under its assertion
            labelled = bool(rest)
            if labelled or any(
                _PLACE.match(s.text)
                or _FIRM_SUFFIX.match(s.text)
                or _CPA_SIGNER.match(s.text)
                or s.text.startswith("/s/")
                or _BIG_FIRMS.search(s.text)
                for s in near
            ):
                blocks.append(_SignatureBlock(dates[0].date, Sentence(number, line), near))
    return blocks


_PERFORMED_BY = re.compile(
    r"^(?:(?:examination|report|audit|engagement|assessment|attestation)\s*)?(?:performed|prepared"
    r"|issued|conducted|completed)\s*by\s*:?\s*(?P<firm>[A-Z][\w&.,'\- ]{2,70}?)\s*$",
    re.IGNORECASE,
)
_PROVIDER_CONTEXT = re.compile(r"subservice|\buses\b|utili[sz]es|hosted|provided\s*by", re.I)
_DESCRIPTOR = re.compile(
    r"^(?:certified|chartered|registered|licensed|member|an?\s)", re.IGNORECASE
)


def _signer_in(block: _SignatureBlock, org: str | None) -> Sentence | None:
    """The firm (or CPA) line of a signature block: short, name-like, not the place. A line
    with a firm suffix (LLP, P.C., CPA ...) beats a bare name (a partner, a descriptor)."""
    names = _name_lines(block, org)
    ranked = sorted(
        names,
        key=lambda s: not (_FIRM_SUFFIX.match(s.text) or _CPA_SIGNER.match(s.text)),
    )
    return ranked[0] if ranked else None


def _name_lines(block: _SignatureBlock, org: str | None) -> list[Sentence]:
    found: list[Sentence] = []
    for s in block.lines:
        text = _SIGNER_LABEL.sub("", s.text.removeprefix("/s/").strip())
        if (
            not text
            or len(text) > 70
            or (_PLACE.match(text) and not _FIRM_SUFFIX.match(text))
            or find_dates(text)
            or _NOT_SIGNER.search(text)
            or (org and org.lower() in text.lower())
            or _DESCRIPTOR.match(text)
            or (text.endswith((".", ":", ";")) and not _FIRM_SUFFIX.match(text))
        ):
            continue
        words = text.replace(",", " ").split()
        capitalised = [w for w in words if w[:1].isupper() or w in {"&", "and", "of"}]
        if 1 <= len(words) <= 8 and len(capitalised) == len(words):
            found.append(Sentence(s.page, text))
    return found


def detect_service_auditor(doc: Document, *, org: str | None) -> Found[str | None]:
    """The audit firm (or individual CPA) that signed the report: the name in the signature
    block by the issue date, else a firm-like name (LLP, CPAs, ...) in the auditor's report.
    `org` (the service organization) is never the auditor."""
    for block in _signature_blocks(doc):
        signer = _signer_in(block, org)
        if signer is not None:
            name = _clean_name(signer.text)
            confidence = 0.85 if _FIRM_SUFFIX.match(signer.text) or _BIG_FIRMS.search(name) else 0.7
            return Found(name, confidence, [evidence(signer.page, signer.text)])
    for page in doc.lead_pages(3):
        for line in page.lines[:60]:
            m = _PERFORMED_BY.match(line)
            if m and not (org and org.lower() in m["firm"].lower()):
                return Found(_clean_name(m["firm"]), 0.75, [evidence(page.number, line)])
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
    if org:
        firm_votes = {f: v for f, v in firm_votes.items() if org.lower() not in f.lower()}
    firm_votes = {
        f: v for f, v in firm_votes.items() if not re.match(r"(?:inc|llc|llp)\.?$", f, re.I)
    }
    # A wrapped line holding a vendor's provider ("Snowflake Inc.") is not the auditor.
    providers = " ".join(
        s.text for s in doc.sentences() if _PROVIDER_CONTEXT.search(s.text)
    ).lower()
    firm_votes = {f: v for f, v in firm_votes.items() if f.lower() not in providers}
    if firm_votes:
        best = max(firm_votes, key=lambda f: (len(firm_votes[f]), bool(_BIG_FIRMS.search(f))))
        confidence = 0.6 if len(firm_votes[best]) > 1 else 0.45
        return Found(best, confidence, [evidence(s.page, s.text) for s in firm_votes[best][:2]])
    return Found(None, 0.0)


def detect_report_date(doc: Document, *, period_end: dt.date | None) -> Found[dt.date | None]:
    """The issue date under the auditor's signature: a date standing on its own line after
    the opinion, not the period end (though it may fall on the same day)."""
    candidates = [(b.date, b.date_line) for b in _signature_blocks(doc)]
    if period_end is not None:
        # Reports are issued after the period; a lone period-end date is a wrapped line.
        after = [c for c in candidates if c[0] > period_end]
        same = [c for c in candidates if c[0] == period_end]
        candidates = after or same or candidates
    if not candidates:
        return Found(None, 0.0)
    date, source = candidates[0]
    confidence = 0.85 if period_end is None or date > period_end else 0.5
    return Found(date, confidence, [evidence(source.page, source.text)])
