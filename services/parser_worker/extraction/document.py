"""A normalised report: pages of clean lines, furniture removed, split into sentences.

Extractors read a `Document`, never raw page text, so normalisation and the removal of
repeated headers, footers, watermarks and confidentiality banners happen once, here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

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


class Document:
    """The report as clean pages and sentences; `furniture` keeps what was stripped."""

    def __init__(self, pages: Sequence[PageText]) -> None:
        normalised = [normalize_page(page.text) for page in pages]
        keys = _furniture_keys(normalised)
        self.furniture: list[Sentence] = []
        self.pages: list[DocPage] = []
        for page, lines in zip(pages, normalised, strict=True):
            kept = []
            for line in lines:
                key = _line_key(line)
                if key in keys or _PAGE_NUMBER.match(key):
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
