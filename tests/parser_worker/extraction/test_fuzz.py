"""Garbage in never escapes as anything but an Extraction or a PdfError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser_worker.extraction import extract
from vendor_core.reports.extraction import Extraction, PdfError

from .pdf_builders import write_pdf

_SEED = Path(tempfile.mkdtemp(prefix="vr-fuzz-")) / "seed.pdf"
write_pdf(
    _SEED,
    [
        "SOC 2 Type 2 Report\nThroughout the period January 1, 2025 to December 31, 2025",
        "In our opinion, in all material respects, the controls operated effectively.\n"
        "AC-2 Access is removed. Exception noted. For 2 of 25 terminations, access was late.",
    ],
)
_SEED_BYTES = _SEED.read_bytes()

mutations = st.lists(
    st.tuples(st.integers(0, len(_SEED_BYTES) - 1), st.binary(min_size=1, max_size=8)),
    max_size=12,
)


def _outcome(data: bytes) -> object:
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as handle:
        handle.write(data)
    path = Path(handle.name)
    try:
        return extract(path, ocr="never")
    except PdfError as error:
        return error
    finally:
        path.unlink()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=mutations, cut=st.integers(0, len(_SEED_BYTES)))
def test_mutated_or_truncated_pdfs(mutations: list[tuple[int, bytes]], cut: int) -> None:
    data = bytearray(_SEED_BYTES)
    for offset, chunk in mutations:
        data[offset : offset + len(chunk)] = chunk
    result = _outcome(bytes(data[: max(cut, 1)] if cut < len(data) // 2 else data))
    assert isinstance(result, Extraction | PdfError)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    assert isinstance(_outcome(b"%PDF-1.4\n" + data), Extraction | PdfError)
