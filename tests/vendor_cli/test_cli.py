"""The `vendor-risk` console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.pdfs import soc2_type2_pdf
from vendor_api.main import create_app


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vendor_cli.main", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


class TestApiKeyCreate:
    def test_prints_a_key_that_authenticates_with_its_role(self, migrated_database: str) -> None:
        result = run_cli("api-key", "create", "--org", "CLI Corp", "--role", "read_only")
        assert result.returncode == 0, result.stderr
        token = result.stdout.strip()
        assert token.startswith("vrk_") and len(token) > 40
        with TestClient(create_app()) as client:
            headers = {"Authorization": f"Bearer {token}"}
            assert client.get("/v1/vendors", headers=headers).status_code == 200
            denied = client.post(
                "/v1/vendors", json={"name": "x", "criticality": "low"}, headers=headers
            )
            assert denied.status_code == 403

    def test_unknown_role_is_refused(self, migrated_database: str) -> None:
        result = run_cli("api-key", "create", "--org", "CLI Corp", "--role", "superuser")
        assert result.returncode == 2
        assert "superuser" in result.stderr


class TestExtract:
    def test_json_follows_the_schema(self, tmp_path: Path) -> None:
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(soc2_type2_pdf())
        result = run_cli("extract", str(pdf), "--json", "--ocr", "never")
        assert result.returncode == 0, result.stderr
        doc = json.loads(result.stdout)
        assert doc["schema_version"] == 1
        assert doc["report_kind"] == "soc2"
        assert doc["report_type"] == "type2"
        assert doc["period_end"] == "2025-12-31"
        assert doc["source"]["pages"] == 2

    @pytest.mark.parametrize(
        "content", [b"%PDF-1.4\n\x00\x01 broken", b"not a pdf at all"], ids=["corrupt", "not-pdf"]
    )
    def test_unreadable_file_exits_2_with_a_message(self, tmp_path: Path, content: bytes) -> None:
        pdf = tmp_path / "bad.pdf"
        pdf.write_bytes(content)
        result = run_cli("extract", str(pdf))
        assert result.returncode == 2
        assert "unreadable_pdf" in result.stderr
        assert result.stdout == ""

    def test_missing_file_exits_2(self, tmp_path: Path) -> None:
        result = run_cli("extract", str(tmp_path / "nope.pdf"))
        assert result.returncode == 2
        assert "no such file" in result.stderr


def test_production_start_refuses_default_secret(migrated_database: str) -> None:
    env = {**os.environ, "VENDOR_RISK_ENVIRONMENT": "production"}
    result = subprocess.run(
        [sys.executable, "-m", "vendor_cli.main", "migrate"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
