"""Docker cannot run here: check what can be checked of the compose stack and .env.example."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from vendor_cli.main import build_parser
from vendor_core.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_production_services() -> None:
    services = _compose()["services"]
    assert set(services) >= {"postgres", "redis", "migrate", "api", "worker", "beat"}
    for name in ("api", "worker", "beat"):
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
    # The worker must scale: no fixed container name, no published port.
    assert "container_name" not in services["worker"]
    assert "ports" not in services["worker"]


def test_compose_commands_exist_in_the_cli() -> None:
    parser = build_parser()
    for name, service in _compose()["services"].items():
        command = service.get("command")
        if not command or command[0] != "vendor-risk":
            continue
        parser.parse_args(command[1:])  # exits (fails the test) on an unknown command/flag
        assert command[1] in {"api", "worker", "beat", "migrate"}, name


def _setting_names() -> set[str]:
    return {f"VENDOR_RISK_{name.upper()}" for name in Settings.model_fields}


def test_compose_variables_are_settings() -> None:
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"\bVENDOR_RISK_[A-Z_]+", text))
    assert used, "compose configures the app through VENDOR_RISK_ variables"
    assert used <= _setting_names(), used - _setting_names()


def test_env_example_lists_every_setting() -> None:
    text = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^(VENDOR_RISK_[A-Z_]+)=", text, re.MULTILINE))
    assert listed == _setting_names()
