"""Speed and memory of `extract()` against pdfplumber's plain text extraction.

    .venv/bin/python benchmarks/parse_speed.py [--out benchmarks/out/speed] [--reuse]
                                               [--pages 120 300] [--ocr never]

Generates a 120-page SOC 2 type 2 (about 1.5% of its test rows are exceptions) and a
300-page one, then in one run, per file:
  * ours: `extract(path)` in a child process (so pdfplumber's memory in this process does not
    pollute the figure); the child reports the extract() time and its peak RSS
    (getrusage RUSAGE_SELF), cross-checked with RUSAGE_CHILDREN here;
  * baseline: pdfplumber `page.extract_text()` over every page, closing each page.
Prints both times, the ratio ours/baseline (target <= 0.10) and our peak RSS (target
<= 200 MB on 300 pages). `--check` makes the exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.generator import soc2_type2_spec, write_report  # noqa: E402

RATIO_TARGET = 0.10
RSS_TARGET_MB = 200.0


def out(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def child(path: str, ocr: str) -> int:
    """Run in the child process: import, extract once, print timing and peak RSS as JSON."""
    from parser_worker.extraction import extract

    t0 = time.perf_counter()
    result = extract(path, ocr=ocr)
    seconds = time.perf_counter() - t0
    rss = _maxrss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sys.stdout.write(
        json.dumps(
            {
                "seconds": seconds,
                "maxrss_mb": rss,
                "pages": result.source.pages,
                "exceptions": len(result.exceptions),
            }
        )
        + "\n"
    )
    return 0


def ours(path: Path, ocr: str) -> dict[str, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(path), "--ocr", ocr],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"extract failed on {path.name}:\n{proc.stderr[-3000:]}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data["wall_with_startup"] = wall
    # RUSAGE_CHILDREN is the max over all waited-for children; only meaningful if it grew
    data["children_maxrss_mb"] = _maxrss_mb(after) if after > before else float("nan")
    return data


def pdfplumber_baseline(path: Path) -> tuple[float, int]:
    import pdfplumber

    t0 = time.perf_counter()
    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            page.close()
    return time.perf_counter() - t0, chars


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="extract() speed and memory vs pdfplumber")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "speed")
    ap.add_argument("--pages", type=int, nargs="+", default=[120, 300])
    ap.add_argument(
        "--ocr",
        default="never",
        choices=["auto", "always", "never"],
        help="OCR mode for extract (the reports have a text layer)",
    )
    ap.add_argument("--reuse", action="store_true", help="reuse PDFs already generated")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.ocr)

    args.out.mkdir(parents=True, exist_ok=True)
    files = []
    for pages in args.pages:
        path = args.out / f"soc2_type2_{pages}p.pdf"
        if not (args.reuse and path.exists()):
            t0 = time.perf_counter()
            spec = soc2_type2_spec(pages, name=path.stem, seed=pages)
            label = write_report(spec, path)
            out(
                f"generated {path.name}: {label['source']['pages']} pages, "
                f"{len(label['exceptions'])} exceptions ({time.perf_counter() - t0:.1f} s)"
            )
        files.append(path)

    failed = False
    out()
    out(
        f"{'file':22} {'pages':>5} {'extract s':>10} {'pdfplumber s':>13} {'ratio':>7} "
        f"{'peak RSS MB':>12}"
    )
    for path in files:
        mine = ours(path, args.ocr)
        base, _chars = pdfplumber_baseline(path)
        ratio = mine["seconds"] / base if base else float("inf")
        out(
            f"{path.name:22} {int(mine['pages']):>5} {mine['seconds']:>10.2f} {base:>13.2f} "
            f"{ratio:>7.3f} {mine['maxrss_mb']:>12.1f}"
        )
        out(
            f"{'':22} (child wall incl. start-up {mine['wall_with_startup']:.2f} s; "
            f"RUSAGE_CHILDREN peak {mine['children_maxrss_mb']:.1f} MB; "
            f"{int(mine['exceptions'])} exceptions found)"
        )
        if ratio > RATIO_TARGET:
            failed = True
        if mine["pages"] >= 300 and mine["maxrss_mb"] > RSS_TARGET_MB:
            failed = True
    out()
    out(
        f"targets: ratio <= {RATIO_TARGET:.2f}; peak RSS <= {RSS_TARGET_MB:.0f} MB on 300 "
        f"pages -> {'MISSED' if failed else 'met'}"
    )
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    raise SystemExit(main())
