"""Settings from the environment (prefix VENDOR_RISK_). Only composition roots read them."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# A placeholder the embedded default may use; production refuses it at start-up.
DEV_SECRET_KEY = "dev-insecure-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VENDOR_RISK_", env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    # Embedded default: everything under ./var, no server needed.
    var_dir: Path = Path("var")
    database_url: str = ""
    broker_url: str = ""
    # Several deployments (or test runs) may share one broker: each uses its own queue.
    queue_name: str = Field(default="vendor_risk", pattern=r"^[A-Za-z0-9_.:-]{1,100}$")
    blob_dir: Path | None = None
    secret_key: SecretStr = SecretStr(DEV_SECRET_KEY)

    max_upload_mb: int = Field(default=50, ge=1, le=2048)
    max_pages: int = Field(default=2000, ge=1)
    parse_time_limit_s: int = Field(default=300, ge=40)
    # Reports still `queued` (or stuck `processing`) this long are re-enqueued by the sweep.
    stuck_after_s: int = Field(default=600, ge=10)
    sweep_interval_s: int = Field(default=300, ge=5)
    ocr: Literal["auto", "always", "never"] = "auto"

    webhook_allow_private: bool = False
    # One delivery attempt may take this long; a claimed delivery whose worker died is
    # retried after twice this (its lease), so nothing is lost.
    webhook_timeout_s: float = Field(default=10.0, gt=0, le=60)
    dispatch_interval_s: float = Field(default=10.0, ge=1)
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _fill_embedded_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.var_dir / 'vendor_risk.db'}"
        if not self.broker_url:
            # kombu's SQLAlchemy transport over a SQLite file (vendor_core.embedded_broker):
            # a real broker shared by the API and worker processes, with no server to run.
            self.broker_url = f"embedded+sqlite:///{self.var_dir / 'broker.db'}"
        if self.blob_dir is None:
            self.blob_dir = self.var_dir / "blobs"
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment != "production":
            return self
        secret = self.secret_key.get_secret_value()
        if secret == DEV_SECRET_KEY or len(secret) < 32:
            raise ValueError(
                "VENDOR_RISK_SECRET_KEY must be set to a random value of at least 32 "
                "characters in production"
            )
        if self.database_url.startswith("sqlite"):
            raise ValueError("production needs VENDOR_RISK_DATABASE_URL (PostgreSQL), not SQLite")
        if self.broker_url.startswith(("sqla+", "embedded+")):
            raise ValueError("production needs VENDOR_RISK_BROKER_URL (Redis or RabbitMQ)")
        return self

    @property
    def blobs(self) -> Path:
        assert self.blob_dir is not None  # filled by the validator
        return self.blob_dir

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


@functools.cache
def get_settings() -> Settings:
    return Settings()
