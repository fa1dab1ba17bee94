from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from vendor_core.config import DEV_SECRET_KEY, Settings

PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+psycopg://vr@db/vr",
    "broker_url": "redis://redis:6379/0",
    "secret_key": "s" * 40,
}


class TestEmbeddedDefault:
    def test_everything_lives_under_var(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("VENDOR_RISK_MAX_UPLOAD_MB")
        settings = Settings(var_dir=tmp_path, database_url="", broker_url="", blob_dir=None)
        assert settings.database_url == f"sqlite:///{tmp_path / 'vendor_risk.db'}"
        assert settings.broker_url.startswith("embedded+sqlite:///")
        assert settings.blobs == tmp_path / "blobs"
        assert settings.max_upload_bytes == 50 * 1024 * 1024

    def test_reads_prefixed_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("VENDOR_RISK_MAX_UPLOAD_MB", "7")
        monkeypatch.setenv("VENDOR_RISK_OCR", "never")
        settings = Settings()
        assert settings.max_upload_mb == 7
        assert settings.ocr == "never"


class TestProductionRefusesUnsafeValues:
    def test_accepts_a_safe_configuration(self) -> None:
        assert Settings(**PRODUCTION).environment == "production"

    @pytest.mark.parametrize(
        ("override", "message"),
        [
            ({"secret_key": DEV_SECRET_KEY}, "SECRET_KEY"),
            ({"secret_key": "short"}, "SECRET_KEY"),
            ({"database_url": "sqlite:///x.db"}, "DATABASE_URL"),
            ({"broker_url": "sqla+sqlite:///b.db"}, "BROKER_URL"),
            ({"broker_url": "embedded+sqlite:///b.db"}, "BROKER_URL"),
        ],
    )
    def test_refuses(self, override: dict[str, str], message: str) -> None:
        with pytest.raises(ValidationError, match=message):
            Settings(**{**PRODUCTION, **override})
