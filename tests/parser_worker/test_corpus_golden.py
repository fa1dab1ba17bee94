"""Golden test: the extractor against labelled reports from the corpus generator.

A subset of the corpus (tests/corpus/generator.py `golden_specs`, text-layer reports only) is
generated once per session into a temporary directory and extracted once per report. Kind,
type, period and opinion must match the labels exactly; the other fields are compared as
benchmarks/accuracy.py compares them (tolerant name matching, control ids without spaces).
Labels are ground truth: a failing case here is a parser gap, not a label to relax.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.compare import CORE_FIELDS, FIELDS, compare
from tests.corpus.generator import golden_specs, write_report

SPECS = {spec.name: spec for spec in golden_specs()}
OTHER_FIELDS = tuple(f for f in FIELDS if f not in CORE_FIELDS)

# Known parser gaps, each a (report, field) the parser does not get right yet. Strict: when
# a fix makes one pass, the test fails until the entry is removed, so this list only shrinks
# as the parser improves, and any other mismatch fails at once.
KNOWN_GAPS: frozenset[tuple[str, str]] = frozenset()


def _field_case(name: str, field: str) -> object:
    if (name, field) in KNOWN_GAPS:
        return pytest.param(
            name, field, marks=pytest.mark.xfail(strict=True, reason="known parser gap")
        )
    return pytest.param(name, field)


@pytest.fixture(scope="session")
def golden_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden_corpus")
    for name, spec in SPECS.items():
        write_report(spec, out / f"{name}.pdf")
    return out


@pytest.fixture(scope="session")
def extracted(golden_dir: Path) -> dict[str, dict[str, Any]]:
    """name -> extraction JSON (or {"__error__": ...}), computed lazily, once per report."""
    return {}


def _result(name: str, golden_dir: Path, cache: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if name not in cache:
        from parser_worker.extraction import extract

        cache[name] = extract(golden_dir / f"{name}.pdf").to_json_dict()
    return cache[name]


def _label(name: str, golden_dir: Path) -> dict[str, Any]:
    return json.loads((golden_dir / f"{name}.expected.json").read_text())


@pytest.mark.parametrize("name", list(SPECS))
def test_label_is_a_valid_extraction(name: str, golden_dir: Path) -> None:
    from vendor_core.reports.extraction import Extraction

    label = {k: v for k, v in _label(name, golden_dir).items() if k != "corpus"}
    Extraction.model_validate(label)


@pytest.mark.parametrize("field", CORE_FIELDS)
@pytest.mark.parametrize("name", list(SPECS))
def test_core_field_exact(
    name: str, field: str, golden_dir: Path, extracted: dict[str, dict[str, Any]]
) -> None:
    label = _label(name, golden_dir)
    got = _result(name, golden_dir, extracted)
    assert got.get(field) == label[field], f"{name}: {field}"


@pytest.mark.parametrize(
    ("name", "field"), [_field_case(name, field) for name in SPECS for field in OTHER_FIELDS]
)
def test_field_matches_label(
    name: str, field: str, golden_dir: Path, extracted: dict[str, dict[str, Any]]
) -> None:
    label = _label(name, golden_dir)
    got = _result(name, golden_dir, extracted)
    results = [r for r in compare(label, got) if r.field == field]
    if not results:
        pytest.skip(f"{field} does not apply to {name}")
    (r,) = results
    assert r.ok, f"{name}: {field}\n expected {r.expected!r}\n got      {r.got!r}"
