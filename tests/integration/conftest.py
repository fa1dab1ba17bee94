"""A real Celery worker process, on the session's real broker and database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.factories import Tenant, make_tenant
from vendor_api.main import create_app


@dataclass
class Worker:
    """A Celery worker and, beside it, a beat process (as `vendor-risk serve` runs them)."""

    process: subprocess.Popen[bytes]
    beat: subprocess.Popen[bytes]
    log: Path

    def pool_children(self) -> list[int]:
        """PIDs of the prefork pool processes (the ones that run tasks)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        for process in (self.beat, self.process):
            process.terminate()
        for process in (self.beat, self.process):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _celery(*args: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "parser_worker.celery_app", *args],
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )


def _start_worker(log: Path) -> Worker:
    process = _celery(
        "worker",
        "--concurrency",
        "1",
        "--pool",
        "prefork",
        "--loglevel",
        "INFO",
        "--without-mingle",
        "--without-gossip",
        log=log,
    )
    # Beat in its own process, so killing the worker's pool never kills the schedule:
    # webhook retries and the sweep keep running.
    beat = _celery("beat", "--loglevel", "INFO", log=log.with_name("beat.log"))
    worker = Worker(process=process, beat=beat, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready." in worker.log_text():
            return worker
        if process.poll() is not None:
            beat.kill()
            raise RuntimeError(f"worker exited early:\n{worker.log_text()}")
        time.sleep(0.2)
    worker.stop()
    raise RuntimeError(f"worker not ready in 60 s:\n{worker.log_text()}")


# Per module: a worker (and its beat) must not outlive the integration tests and race the
# unit tests that drive the delivery and sweep functions directly.
@pytest.fixture(scope="module")
def worker(migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    worker = _start_worker(tmp_path_factory.mktemp("worker") / "worker.log")
    yield worker
    worker.stop()


@pytest.fixture(scope="session")
def api(migrated_database: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


@pytest.fixture
def tenant(session_factory) -> Tenant:  # type: ignore[no-untyped-def]
    return make_tenant(session_factory)


def wait_for_report(
    api: TestClient, tenant: Tenant, report_id: str, *, timeout: float = 90
) -> dict:
    """Poll the report until the worker has finished with it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = api.get(f"/v1/reports/{report_id}", headers=tenant.headers()).json()
        if report["status"] in {"parsed", "needs_review", "failed"}:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report_id} still {report['status']} after {timeout} s")
