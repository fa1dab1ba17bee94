"""The unit the PDF layer hands to the text core: one page's text (and tables, if read)."""

from __future__ import annotations

from dataclasses import dataclass

# A table is rows of cells; a cell is its text with wrapped lines joined by "\n".
Table = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class PageText:
    """One page of a report, as read from the text layer (or OCR).

    `number` is 1-based. `ocr` marks text that came from Tesseract rather than the text layer.
    `tables` holds ruled tables read with cell structure, only for pages where the layout of
    test results matters (the PDF layer decides; most pages have none).
    """

    number: int
    text: str
    ocr: bool = False
    tables: tuple[Table, ...] = ()
