"""Text normalisation: make text layers from different PDF producers comparable.

Real text layers wrap runs in invisible direction marks, use ligatures and NBSPs, hyphenate
and break words at line ends, and put a paragraph's drop-cap letter on its own line. Every
extractor matches against the output of `normalize_page`, never against raw text.
"""

from __future__ import annotations

import re
import unicodedata

# Direction marks, zero-width characters, BOM, soft hyphen, word joiner and friends.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d]")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
    }
)
_BULLETS = re.compile("^[\u2022\u25cf\u25aa\u25a0\u2023\u2043\u25e6\u2219\uf0b7\uf0a7\u00b7*]\\s*")
_SPACES = re.compile(r"[ \t\f\v]+")
# "opera-" / "tion": a hyphen at line end between two lowercase fragments is a line-break hyphen.
_HYPHEN_WRAP = re.compile(r"([a-z])-\n([a-z])")
# Short words that a lone "A" or "I" may legitimately precede at the start of a line.
_SHORT_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "for",
        "from",
        "if",
        "in",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "the",
        "to",
        "up",
        "we",
    ]
)


def clean_chars(text: str) -> str:
    """Drop invisible marks, unfold ligatures/NBSP/full-width forms, unify dashes and quotes."""
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text).translate(_QUOTES)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _join_drop_caps(lines: list[str]) -> list[str]:
    """Re-attach a paragraph's first letter printed on its own line ("I" / "n our opinion")."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line, nxt = lines[i], lines[i + 1] if i + 1 < len(lines) else ""
        is_drop_cap = len(line) == 1 and line.isalpha() and line.isupper() and nxt[:1].islower()
        if is_drop_cap and (line not in "AI" or _is_word_fragment(nxt)):
            out.append(line + nxt)
            i += 2
            continue
        out.append(line)
        i += 1
    return out


# Letter pairs that start a word fragment, not an English word ("A"+"ccording", "I"+"nformation").
_FRAGMENT_STARTS = frozenset(
    [
        "cc",
        "ct",
        "dd",
        "ff",
        "ll",
        "mm",
        "mp",
        "nc",
        "nd",
        "nf",
        "ns",
        "nt",
        "nv",
        "pp",
        "ss",
        "tt",
        "ud",
    ]
)


def _is_word_fragment(line: str) -> bool:
    # "A" / "service organization" is a word then a line; "I" / "n our opinion" is a drop cap.
    token = re.split(r"[^a-z]", line, maxsplit=1)[0]
    if token in _SHORT_WORDS:
        return False
    return len(token) <= 2 or token[:2] in _FRAGMENT_STARTS


def normalize_page(text: str) -> list[str]:
    """Return a page's cleaned, non-empty lines (whitespace collapsed, wraps repaired)."""
    text = clean_chars(text)
    text = _HYPHEN_WRAP.sub(r"\1\2", text)
    lines = []
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        line = _BULLETS.sub("\u2022 ", line) if _BULLETS.match(line) else line
        if line:
            lines.append(line)
    return _join_drop_caps(lines)


def squash(text: str) -> str:
    """Lowercase with all whitespace removed: for phrases whose words may be glued or split."""
    return re.sub(r"\s+", "", text).lower()


def flex(phrase: str) -> str:
    """Regex for `phrase` whose spaces may be missing or multiple (glued text layers)."""
    return r"\s*".join(re.escape(word) for word in phrase.split())


_ABBREVIATION_END = re.compile(r"\b(?:Inc|Ltd|Corp|Co|Bros|L\.L\.C|L\.L\.P|P\.C|S\.A|N\.A)\.$")


_SECTION_MARK = re.compile(r"^(?:(?:section|part)\s*)?(?:[IVX]{1,4}|\d{1,2}|[A-H])[.:)\-]\s+", re.I)
_TRAILING_MARK = re.compile(r"\s+(?:(?:section|part)\s*)?(?:[IVX]{1,4}|\d{1,2})\.?$")


def clean_org_name(name: str) -> str:
    """Collapse spaces, drop a leading "the", section numbering and stray punctuation; keep
    "Inc." intact."""
    name = re.sub(r"\s+", " ", name).strip(" ,;:'\"")
    name = _SECTION_MARK.sub("", name)
    name = _TRAILING_MARK.sub("", name)
    if name.endswith(".") and not _ABBREVIATION_END.search(name):
        name = name.rstrip(".")
    return re.sub(r"^the\s+", "", name, flags=re.IGNORECASE).strip(" ,")
