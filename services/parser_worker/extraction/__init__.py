"""Pure PDF -> Extraction library. No settings, no database.

`extract(path)` reads a SOC 1/2/3 report; `extract_from_pages(pages, sha256=...)` is the
text-level core the PDF layer feeds (and unit tests call directly).
"""

from parser_worker.extraction.core import extract_from_pages
from parser_worker.extraction.entry import extract
from parser_worker.extraction.page_text import PageText

__all__ = ["PageText", "extract", "extract_from_pages"]
