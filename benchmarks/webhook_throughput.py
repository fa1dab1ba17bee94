"""Webhook delivery throughput: N events fanned out and delivered, signed, to a receiver
on loopback, by one dispatcher (what one worker process runs).

    .venv/bin/python benchmarks/webhook_throughput.py [--events 500]
    VENDOR_RISK_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1/vr_bench \
        .venv/bin/python benchmarks/webhook_throughput.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("VENDOR_RISK_VAR_DIR", tempfile.mkdtemp(prefix="vr-hooks-"))

from tests.factories import make_tenant  # noqa: E402
from tests.webhook_receiver import running_receiver  # noqa: E402

from parser_worker import delivery  # noqa: E402
from vendor_core.config import get_settings  # noqa: E402
from vendor_core.crypto import SecretBox  # noqa: E402
from vendor_core.db import make_engine, make_session_factory, unit_of_work  # noqa: E402
from vendor_core.events import webhooks  # noqa: E402
from vendor_core.events.outbox import EventType, record_event  # noqa: E402
from vendor_core.schema import upgrade  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    args = parser.parse_args()
    settings = get_settings()
    upgrade(settings.database_url)
    factory = make_session_factory(make_engine(settings.database_url))
    box = SecretBox(settings.secret_key.get_secret_value())
    config = delivery.DeliveryConfig(box=box, allow_private=True, timeout_s=5)
    tenant = make_tenant(factory)
    with running_receiver() as receiver:
        with unit_of_work(factory) as session:
            webhooks.create_endpoint(
                session,
                organization_id=tenant.organization_id,
                url=receiver.url,
                events=[],
                description="benchmark",
                box=box,
                allow_private=True,
                actor_api_key_id=None,
            )
            for n in range(args.events):
                record_event(
                    session,
                    organization_id=tenant.organization_id,
                    type=EventType.report_parsed,
                    data={"report_id": f"bench-{n}"},
                )
            session.commit()
        started = time.perf_counter()
        sent = 0
        while len(receiver.received) < args.events:
            sent += delivery.dispatch(factory, config, budget_s=120)
        elapsed = time.perf_counter() - started
    print(f"database: {settings.database_url.split('@')[-1]}")
    print(
        f"{args.events} events delivered (fan-out, claim, sign, POST, record) in {elapsed:.2f} s: "
        f"{args.events / elapsed:.0f} deliveries/s from one dispatcher"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
