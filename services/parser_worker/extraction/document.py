"""A normalised report: pages of clean lines, furniture removed, split into sentences.

Extractors read a `Document`, never raw page text, so normalisation and the removal of
repeated headers, footers, watermarks and confidentiality banners happen once, here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from parser_worker.extraction.normalize import normalize_page
from parser_worker.extraction.page_text import PageText, Table

_EDGE_LINES = 3
# Banner words mark a line repeated anywhere on the page as furniture, not content.
_BANNER = re.compile(
    r"confidential|proprietary|do not (?:copy|distribute)|draft|watermark|soc\s*[123]"
    r"|type\s*(?:ii|i|1|2)"
    r"|report on|restricted|copyright|all rights reserved|page\s*#",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[#ivxlc\-\s]*(?:of\s*#)?$", re.IGNORECASE)
# Lines that carry test results must survive even if they repeat on many pages.
_RESULT_WORDS = re.compile(r"exception|deviation|not tested|no relevant", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[\"'(]?[A-Z0-9\u2022])|\s+(?=\u2022 )")


@dataclass(frozen=True, slots=True)
class Sentence:
    page: int
    text: str


@dataclass(slots=True)
class DocPage:
    number: int
    lines: list[str]
    ocr: bool = False
    tables: tuple[Table, ...] = ()
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = " ".join(self.lines)


# Whitespace dropped and digits folded, so "Page 3 of 87" and "Page 12 of 87" share a key.
_KEY_TABLE = str.maketrans({**{d: "#" for d in "0123456789"}, " ": None, "\t": None})
_HASHES = re.compile("#+")


def _line_key(line: str) -> str:
    key = line.lower().translate(_KEY_TABLE)
    return _HASHES.sub("#", key) if "#" in key else key


def _furniture_keys(pages: Sequence[list[str]]) -> set[str]:
    """Keys of lines that repeat across pages like headers, footers and banners do."""
    nonblank = [lines for lines in pages if lines]
    if len(nonblank) < 3:
        return set()
    edge: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for lines in nonblank:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        edge.update({_line_key(line) for line in edges})
        anywhere.update({_line_key(line) for line in lines})
    threshold = max(3, int(0.3 * len(nonblank)))
    keys = {key for key, count in edge.items() if count >= threshold}
    keys |= {
        key
        for key, count in anywhere.items()
        if count >= max(3, int(0.5 * len(nonblank))) and _BANNER.search(key)
    }
    return {key for key in keys if key and not _RESULT_WORDS.search(key)}


# OCR reads the same running header slightly differently on each page ("February 1" /
# "February |", "Bluefin" / "Bluelin"), so on scanned pages near-identical edge lines count
# as one line.
_FUZZY_RATIO = 0.85
_FUZZY_MIN_LEN = 12
_FUZZY_PAGE_GAP = 3


def _fuzzy_furniture_keys(pages: Sequence[list[str]], ocr: Sequence[bool]) -> set[str]:
    """Keys of OCR'd page-edge lines that repeat, allowing for small recognition errors."""
    scanned = [lines for lines, is_ocr in zip(pages, ocr, strict=True) if is_ocr and lines]
    if len(scanned) < 3:
        return set()
    clusters: list[_Cluster] = []
    for index, lines in enumerate(scanned):
        # Running headers recur page after page, so a line is compared only with lines seen
        # on the last few pages; that keeps a long scan linear.
        recent = [c for c in clusters if index - c.last_page <= _FUZZY_PAGE_GAP]
        for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]:
            key = _line_key(line)
            if len(key) < _FUZZY_MIN_LEN:
                continue
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(key)
            for cluster in recent:
                matcher.set_seq1(cluster.representative)
                if (
                    matcher.real_quick_ratio() >= _FUZZY_RATIO
                    and matcher.quick_ratio() >= _FUZZY_RATIO
                    and matcher.ratio() >= _FUZZY_RATIO
                ):
                    cluster.pages.add(index)
                    cluster.keys.add(key)
                    cluster.last_page = index
                    break
            else:
                clusters.append(_Cluster(key, {index}, {key}, index))
    threshold = max(3, int(0.3 * len(scanned)))
    return {
        key
        for cluster in clusters
        if len(cluster.pages) >= threshold
        for key in cluster.keys
        if not _RESULT_WORDS.search(key)
    }


@dataclass(slots=True)
class _Cluster:
    representative: str
    pages: set[int]
    keys: set[str]
    last_page: int


def _is_page_number(key: str, index: int, count: int) -> bool:
    """A page-number line; a bare number counts only at the page's edge, because a narrow
    results column wraps a sample size onto its own line ("6 out of the" / "40" / "files")."""
    if not _PAGE_NUMBER.match(key):
        return False
    return key not in ("#", "#.") or index < _EDGE_LINES or index >= count - _EDGE_LINES


class Document:
    """The report as clean pages and sentences; `furniture` keeps what was stripped."""

    def __init__(self, pages: Sequence[PageText]) -> None:
        normalised = [normalize_page(page.text) for page in pages]
        keys = _furniture_keys(normalised)
        keys |= _fuzzy_furniture_keys(normalised, [page.ocr for page in pages])
        self.furniture: list[Sentence] = []
        self.pages: list[DocPage] = []
        for page, lines in zip(pages, normalised, strict=True):
            kept = []
            for index, line in enumerate(lines):
                key = _line_key(line)
                if key in keys or _is_page_number(key, index, len(lines)):
                    self.furniture.append(Sentence(page.number, line))
                else:
                    kept.append(line)
            self.pages.append(DocPage(page.number, kept, page.ocr, page.tables))
        self._sentences: list[Sentence] | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def sentences(self) -> list[Sentence]:
        """Every sentence (or heading-led fragment) in page order."""
        if self._sentences is None:
            self._sentences = [
                Sentence(page.number, chunk.strip())
                for page in self.pages
                for chunk in _SENTENCE_END.split(page.text)
                if chunk.strip()
            ]
        return self._sentences

    def lead_pages(self, count: int = 3) -> list[DocPage]:
        """The first non-empty pages: the cover and title pages."""
        return [page for page in self.pages if page.lines][:count]

    def lines(self) -> Iterator[tuple[int, str]]:
        for page in self.pages:
            for line in page.lines:
                yield page.number, line
