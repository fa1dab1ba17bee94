"""Per-field accuracy of `parser_worker.extraction.extract` on the labelled corpus.

    .venv/bin/python benchmarks/accuracy.py [--n 48] [--seed 0] [--out benchmarks/out/corpus]
                                            [--jobs 4] [--ocr auto] [--reuse] [--skip-scanned]

Generates the corpus (tests/corpus/generator.py), extracts every report, prints a per-field
accuracy table and the list of mismatches, then checks the committed fixtures in
tests/fixtures/pdfs/ (readable ones against their labels, broken ones for the right error).
Exit status: 0 when every readable file was extracted, 1 when `extract` raised on a
readable file, 2 when the extractor cannot be imported.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.compare import FIELDS, FieldResult, compare  # noqa: E402
from tests.corpus.fixtures import FIXTURE_DIR  # noqa: E402
from tests.corpus.generator import corpus_specs, write_report  # noqa: E402


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()  # before worker processes fork, or they inherit the buffer


def _import_extract() -> Any:
    from parser_worker.extraction import extract

    return extract


def _run_one(args: tuple[str, str]) -> dict[str, Any]:
    path, ocr = args
    extract = _import_extract()
    t0 = time.perf_counter()
    try:
        result = extract(path, ocr=ocr)
    except Exception as exc:
        return {
            "path": path,
            "error": f"{type(exc).__name__}: {exc}",
            "code": getattr(exc, "code", None),
            "trace": traceback.format_exc(),
            "seconds": time.perf_counter() - t0,
        }
    return {"path": path, "result": result.to_json_dict(), "seconds": time.perf_counter() - t0}


def _short(value: Any, width: int = 90) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _generate(outdir: Path, n: int, seed: int, reuse: bool, skip_scanned: bool) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for spec in corpus_specs(seed, n):
        if skip_scanned and spec.scanned:
            continue
        pdf = outdir / f"{spec.name}.pdf"
        label = outdir / f"{spec.name}.expected.json"
        if not (reuse and pdf.exists() and label.exists()):
            write_report(spec, pdf)
        paths.append(pdf)
    return paths


def _label_for(pdf: Path) -> dict[str, Any]:
    return json.loads(pdf.with_name(pdf.stem + ".expected.json").read_text())


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Per-field accuracy of the SOC report extractor")
    ap.add_argument("--n", type=int, default=48)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "corpus")
    ap.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1))
    ap.add_argument("--ocr", default="auto", choices=["auto", "always", "never"])
    ap.add_argument("--reuse", action="store_true", help="reuse PDFs already in --out")
    ap.add_argument("--skip-scanned", action="store_true", help="leave out image-only reports")
    ap.add_argument("--no-fixtures", action="store_true")
    args = ap.parse_args(argv)

    try:
        _import_extract()
    except Exception as exc:
        out(f"ERROR: cannot import parser_worker.extraction.extract: {type(exc).__name__}: {exc}")
        out("The extractor is not available yet; nothing was measured.")
        return 2

    t0 = time.perf_counter()
    paths = _generate(args.out, args.n, args.seed, args.reuse, args.skip_scanned)
    out(
        f"corpus: {len(paths)} reports in {args.out} (generated in "
        f"{time.perf_counter() - t0:.1f} s)"
    )
    t0 = time.perf_counter()
    jobs = [(str(p), args.ocr) for p in paths]
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as pool:
            runs = list(pool.map(_run_one, jobs))
    else:
        runs = [_run_one(j) for j in jobs]
    out(
        f"extracted in {time.perf_counter() - t0:.1f} s wall "
        f"(sum {sum(r['seconds'] for r in runs):.1f} s)"
    )

    status = 0
    results: list[tuple[str, FieldResult]] = []
    crashes: list[dict[str, Any]] = []
    for run in runs:
        pdf = Path(run["path"])
        label = _label_for(pdf)
        if "error" in run:
            crashes.append(run)
            status = 1
            continue
        for fr in compare(label, run["result"]):
            results.append((pdf.stem, fr))

    _table(results, len(runs))
    mismatches = [(name, fr) for name, fr in results if not fr.ok]
    out()
    out(f"MISMATCHES ({len(mismatches)})")
    for name, fr in mismatches:
        out(
            f"  {name}  {fr.field}\n      expected {_short(fr.expected)}\n"
            f"      got      {_short(fr.got)}"
        )
    if crashes:
        out()
        out(f"EXTRACT RAISED ON {len(crashes)} READABLE FILE(S)")
        for c in crashes:
            out(f"  {Path(c['path']).name}: {c['error']}")
            out("    " + c["trace"].strip().splitlines()[-3].strip())
    slow = sorted(runs, key=lambda r: -r["seconds"])[:3]
    out()
    out("slowest: " + ", ".join(f"{Path(r['path']).stem} {r['seconds']:.2f}s" for r in slow))
    if not args.no_fixtures:
        status = max(status, _fixtures(args.ocr))
    return status


def _table(results: list[tuple[str, FieldResult]], n_reports: int) -> None:
    out()
    out(f"{'field':38} {'correct':>8} {'of':>5} {'accuracy':>9}")
    out("-" * 63)
    total_ok = total = 0
    for f in FIELDS:
        rows = [fr for _, fr in results if fr.field == f]
        if not rows:
            continue
        ok = sum(fr.ok for fr in rows)
        total_ok += ok
        total += len(rows)
        out(f"{f:38} {ok:>8} {len(rows):>5} {100 * ok / len(rows):>8.1f}%")
    out("-" * 63)
    if total:
        out(f"{'all fields':38} {total_ok:>8} {total:>5} {100 * total_ok / total:>8.1f}%")
    perfect = {name for name, _ in results} - {name for name, fr in results if not fr.ok}
    out(f"reports with every field right: {len(perfect)} of {n_reports}")


def _fixtures(ocr: str) -> int:
    out()
    out(f"FIXTURES ({FIXTURE_DIR.relative_to(ROOT)})")
    status = 0
    for pdf in sorted(FIXTURE_DIR.glob("*.pdf")):
        label = _label_for(pdf)
        run = _run_one((str(pdf), ocr))
        if "error" in label:
            want = label["error"]["code"]
            got = run.get("code") if "error" in run else "no error (extracted)"
            verdict = "ok" if got == want else "WRONG"
            out(f"  {pdf.name:34} expects error {want:15} got {got}  [{verdict}]")
            continue
        if "error" in run:
            status = 1
            out(f"  {pdf.name:34} RAISED {run['error']}")
            continue
        bad = [fr for fr in compare(label, run["result"]) if not fr.ok]
        out(
            f"  {pdf.name:34} {len(bad)} field(s) wrong"
            + (": " + ", ".join(fr.field for fr in bad) if bad else "")
            + f"  ({run['seconds']:.2f}s)"
        )
    return status


if __name__ == "__main__":
    raise SystemExit(main())
