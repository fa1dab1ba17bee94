"""`vendor-risk serve` on the embedded default, driven over real HTTP like a user with curl."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.pdfs import soc2_type2_pdf

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_runs_api_worker_and_beat_with_no_server(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_RISK_")}
    env["VENDOR_RISK_VAR_DIR"] = str(tmp_path / "var")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vendor_cli.main",
            "serve",
            "--port",
            str(port),
            "--concurrency",
            "1",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        token = None
        while time.monotonic() < deadline:
            text = Path(log.name).read_text()
            match = re.search(r"admin API key for org 'default': (\S+)", text)
            token = token or (match.group(1) if match else None)
            if token and "ready." in text:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
            assert process.poll() is None, text
            time.sleep(0.3)
        else:
            pytest.fail(f"serve did not come up:\n{Path(log.name).read_text()}")

        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{base}/readyz").json()["checks"] == {"database": "ok", "broker": "ok"}
        vendor = httpx.post(
            f"{base}/v1/vendors", json={"name": "Acme", "criticality": "medium"}, headers=headers
        ).json()
        started = time.monotonic()
        upload = httpx.post(
            f"{base}/v1/vendors/{vendor['id']}/reports",
            files={"file": ("acme-soc2.pdf", soc2_type2_pdf(), "application/pdf")},
            headers=headers,
        )
        # Uploads return before parsing: this is not eager mode.
        assert upload.status_code == 202
        assert upload.json()["status"] == "queued"
        report_id = upload.json()["id"]
        while time.monotonic() - started < 60:
            report = httpx.get(f"{base}/v1/reports/{report_id}", headers=headers).json()
            if report["status"] not in {"queued", "processing"}:
                break
            time.sleep(0.3)
        assert report["status"] == "parsed", report
        risk = httpx.get(f"{base}/v1/vendors/{vendor['id']}/risk", headers=headers).json()
        assert report_id in risk["report_ids"]
        assert (tmp_path / "var" / "vendor_risk.db").is_file()
        assert (tmp_path / "var" / "blobs").is_dir()
        # Periodic delivery runs every few seconds; it must not flood the log.
        assert "Task events.dispatch" not in Path(log.name).read_text()
    finally:
        # What a process manager sends; serve must stop its worker and beat too.
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    # Shutting down stops the worker and beat too: no orphans left in the session.
    time.sleep(1)
    leftovers = subprocess.run(
        ["pgrep", "-s", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert leftovers == []
