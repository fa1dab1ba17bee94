"""Write openapi/openapi.json from the app (`make openapi`); a test fails when it drifts."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vendor_api.main import create_app

OPENAPI_PATH = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"


def render() -> str:
    return json.dumps(create_app().openapi(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    OPENAPI_PATH.write_text(render())
    print(f"wrote {OPENAPI_PATH}", file=sys.stderr)
