"""The job contract shared by the edges: task names, the Celery app factory, producers.

The API publishes by task name and never imports the worker; the worker builds its own app
from `make_celery` and registers the tasks under these names.
"""

from __future__ import annotations

import functools
import uuid

from celery import Celery

from vendor_core import embedded_broker
from vendor_core.config import Settings

PARSE_REPORT = "reports.parse"
SWEEP = "reports.sweep"
RESCORE_ORGANIZATION = "scoring.rescore_organization"
DISPATCH_EVENTS = "events.dispatch"


def make_celery(settings: Settings) -> Celery:
    embedded_broker.register()
    app = Celery("vendor_risk", broker=settings.broker_url)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        # A worker killed mid-task must not lose the report: ack only when done, and
        # requeue when the pool process dies. Tasks are idempotent, so a rerun is safe.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.queue_name,
    )
    if settings.broker_url.startswith(("redis", "rediss")):
        # Redis redelivers an unacked message after this; longer than any parse can run.
        app.conf.broker_transport_options = {"visibility_timeout": settings.parse_time_limit_s * 4}
    return app


class Producer:
    """Publishes jobs by name. Call only after the rows they refer to are committed."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @functools.cached_property
    def _app(self) -> Celery:
        return make_celery(self._settings)

    def enqueue_parse(self, report_id: uuid.UUID) -> None:
        self._app.send_task(PARSE_REPORT, kwargs={"report_id": str(report_id)})

    def enqueue_rescore(self, organization_id: uuid.UUID) -> None:
        self._app.send_task(RESCORE_ORGANIZATION, kwargs={"organization_id": str(organization_id)})

    def enqueue_dispatch(self) -> None:
        self._app.send_task(DISPATCH_EVENTS)

    def ping(self) -> None:
        """Raise if the broker is unreachable (readiness)."""
        with self._app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
