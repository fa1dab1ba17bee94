"""The worker's Celery app: tasks, time limits, beat schedule, per-process DB setup."""

from __future__ import annotations

import logging
from typing import Any

from celery.signals import beat_init, worker_process_init

from parser_worker import state
from vendor_core.config import get_settings
from vendor_core.db import make_engine, make_session_factory
from vendor_core.jobs import DISPATCH_EVENTS, SWEEP, make_celery

settings = get_settings()
app = make_celery(settings)
app.conf.update(
    include=["parser_worker.tasks"],
    # pdfplumber and pdfium hold on to memory; recycling the child bounds it.
    worker_max_tasks_per_child=50,
    task_time_limit=settings.parse_time_limit_s,
    task_soft_time_limit=settings.parse_time_limit_s - 30,
    beat_schedule={
        "sweep": {"task": SWEEP, "schedule": float(settings.sweep_interval_s)},
        "dispatch-events": {"task": DISPATCH_EVENTS, "schedule": settings.dispatch_interval_s},
    },
    beat_schedule_filename=str(settings.var_dir / "celerybeat-schedule"),
)


class _QuietPeriodicDispatch(logging.Filter):
    """Beat sends the delivery job every few seconds; its received/succeeded lines would
    drown out the parse log. Failures still show: they are logged at ERROR elsewhere."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING or DISPATCH_EVENTS not in record.getMessage()


for _name in ("celery.app.trace", "celery.worker.strategy", "celery.beat"):
    logging.getLogger(_name).addFilter(_QuietPeriodicDispatch())


def _init_db(**_: Any) -> None:
    state.session_factory = make_session_factory(make_engine(settings.database_url, pool_size=2))


# Prefork children get their own engine; the solo/threads pools never fork, so the main
# process initialises too (also covers beat, which runs no pool).
worker_process_init.connect(_init_db, weak=False)
beat_init.connect(_init_db, weak=False)
