"""Upload-to-parsed latency through the real service: `vendor-risk serve`-style processes.

Starts the API (uvicorn) and a Celery worker as separate processes on the configured
backend, uploads N distinct 50-page SOC 2 type 2 reports one after another over HTTP and
measures, for each, the time from the upload request to `status == parsed`.

    .venv/bin/python benchmarks/upload_to_parsed.py                 # embedded default
    VENDOR_RISK_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/vr_bench \
    VENDOR_RISK_BROKER_URL=redis://127.0.0.1:6379/14 .venv/bin/python benchmarks/upload_to_parsed.py
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus.generator import write_soc2_type2  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cli(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "vendor_cli.main", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vr-bench-"))
    env = {**os.environ, "VENDOR_RISK_VAR_DIR": str(work / "var")}
    database = env.get("VENDOR_RISK_DATABASE_URL", "sqlite (embedded)")
    broker = env.get("VENDOR_RISK_BROKER_URL", "embedded+sqlite (embedded)")
    pdfs = []
    for n in range(args.reports):
        path = work / f"report-{n}.pdf"
        write_soc2_type2(path, pages=args.pages)
        # Distinct bytes per upload, so none is deduplicated as the same file.
        path.write_bytes(path.read_bytes() + f"\n% bench {n}\n".encode())
        pdfs.append(path)

    _cli("migrate", env=env)
    token = _cli("api-key", "create", "--org", "bench", "--role", "admin", env=env)
    port = _free_port()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "vendor_cli.main", "api", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "parser_worker.celery_app",
                "worker",
                "--concurrency",
                "1",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        time.sleep(3)  # let the worker finish booting before the clock starts
        vendor = httpx.post(
            f"{base}/v1/vendors", json={"name": "Bench", "criticality": "high"}, headers=headers
        ).json()
        timings = []
        for path in pdfs:
            started = time.perf_counter()
            report = httpx.post(
                f"{base}/v1/vendors/{vendor['id']}/reports",
                files={"file": (path.name, path.read_bytes(), "application/pdf")},
                headers=headers,
                timeout=60,
            ).json()
            while True:
                status = httpx.get(f"{base}/v1/reports/{report['id']}", headers=headers).json()
                if status["status"] not in {"queued", "processing"}:
                    break
                time.sleep(0.05)
            timings.append(time.perf_counter() - started)
            assert status["status"] in {"parsed", "needs_review"}, status
        from parser_worker.extraction import extract

        alone = []
        for path in pdfs:
            started = time.perf_counter()
            extract(path)
            alone.append(time.perf_counter() - started)
        print(f"database: {database}\nbroker:   {broker}")
        print(f"{args.reports} uploads of a {args.pages}-page SOC 2 type 2, upload -> parsed:")
        print(
            f"  median {statistics.median(timings):.2f} s, min {min(timings):.2f} s, "
            f"max {max(timings):.2f} s"
        )
        print(
            f"  of which the extraction alone (same files, in process): median "
            f"{statistics.median(alone):.2f} s"
        )
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
