"""`vendor-risk`: the composition root that starts each piece, or all of them together."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import uvicorn

from vendor_core.config import get_settings

log = logging.getLogger("vendor_risk")

CELERY_APP = "parser_worker.celery_app"


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", CELERY_APP, *args]


def cmd_migrate(_: argparse.Namespace) -> int:
    from vendor_core.schema import upgrade

    settings = get_settings()
    upgrade(settings.database_url)
    print(f"database migrated: {_redacted(settings.database_url)}", file=sys.stderr)
    return 0


def _redacted(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def cmd_api(args: argparse.Namespace) -> int:
    uvicorn.run(
        "vendor_api.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    argv = _celery("worker", "--loglevel", args.loglevel, "--concurrency", str(args.concurrency))
    os.execv(argv[0], argv)


def cmd_beat(args: argparse.Namespace) -> int:
    argv = _celery("beat", "--loglevel", args.loglevel)
    os.execv(argv[0], argv)


class _ServeApi(uvicorn.Server):
    """The API server of `serve`. uvicorn re-raises SIGINT/SIGTERM once it has shut down,
    which would end this process before it stops the worker and beat it started; here the
    signals only shut the server down, and `cmd_serve` then stops its children."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        previous = {
            sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def cmd_serve(args: argparse.Namespace) -> int:
    """Migrate, then run the API here and a real Celery worker + beat beside it."""
    settings = get_settings()
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    cmd_migrate(args)
    # First start: no key exists yet, so mint an admin key and show it (this one time).
    bootstrap = _create_key("default", "admin", "bootstrap (vendor-risk serve)", only_if_none=True)
    if bootstrap:
        print(f"vendor-risk: first start, admin API key for org 'default': {bootstrap}")
    children = [
        subprocess.Popen(
            _celery("worker", "--loglevel", "INFO", "--concurrency", str(args.concurrency))
        ),
        subprocess.Popen(_celery("beat", "--loglevel", "INFO")),
    ]
    print(
        f"vendor-risk: API on http://{args.host}:{args.port} "
        f"(docs: http://{args.host}:{args.port}/docs); "
        f"database {_redacted(settings.database_url)}; "
        f"broker {_redacted(settings.broker_url)}",
        file=sys.stderr,
    )
    try:
        _ServeApi(
            uvicorn.Config(
                "vendor_api.main:create_app", factory=True, host=args.host, port=args.port
            )
        ).run()
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from parser_worker.extraction import extract
    from vendor_core.reports.extraction import PdfError

    path = Path(args.file)
    if not path.is_file():
        print(f"vendor-risk extract: {path}: no such file", file=sys.stderr)
        return 2
    try:
        result = extract(path, max_pages=get_settings().max_pages, ocr=args.ocr)
    except PdfError as exc:
        print(f"vendor-risk extract: {path}: {exc.code}: {exc.message}", file=sys.stderr)
        return 2
    doc = result.to_json_dict()
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    for field in (
        "report_kind",
        "report_type",
        "period_start",
        "period_end",
        "tsc_categories",
        "opinion",
        "service_organization",
        "system_name",
        "service_auditor",
        "report_date",
    ):
        print(f"{field:22} {doc[field]}")
    print(f"{'exceptions':22} {len(doc['exceptions'])}")
    for finding in doc["exceptions"]:
        sample = (
            f" ({finding['deviations']} of {finding['sample_size']})"
            if finding["sample_size"]
            else ""
        )
        print(
            f"  - {finding['control_id'] or '?'}{sample} p.{finding['page']}: "
            f"{finding['description'][:90]}"
        )
    if doc["warnings"]:
        print(f"{'warnings':22} {', '.join(doc['warnings'])}")
    return 0


def cmd_sweep(_: argparse.Namespace) -> int:
    from parser_worker import celery_app, tasks

    celery_app._init_db()
    result = tasks.sweep()
    print(
        f"sweep done: {result['requeued']} stuck report(s) re-enqueued, "
        f"{result['alerts']} expiry alert(s) recorded",
        file=sys.stderr,
    )
    return 0


def _create_key(org: str, role: str, name: str | None, *, only_if_none: bool = False) -> str | None:
    from vendor_core import auth
    from vendor_core.db import make_engine, make_session_factory, unit_of_work

    engine = make_engine(get_settings().database_url, pool_size=1)
    try:
        with unit_of_work(make_session_factory(engine)) as session:
            if only_if_none and auth.has_any_key(session):
                return None
            organization = auth.get_or_create_organization(session, name=org)
            _, token = auth.create_api_key(session, organization=organization, role=role, name=name)
            session.commit()
            return token
    finally:
        engine.dispose()


def cmd_api_key_create(args: argparse.Namespace) -> int:
    from vendor_core.errors import DomainError
    from vendor_core.schema import upgrade

    upgrade(get_settings().database_url)
    try:
        token = _create_key(args.org, args.role, args.name)
    except DomainError as exc:
        print(f"vendor-risk api-key create: {exc.message}", file=sys.stderr)
        return 2
    print(token)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vendor-risk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def http_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=8000)

    serve = sub.add_parser("serve", help="migrate, then run API + worker + beat")
    http_args(serve)
    serve.add_argument("--concurrency", type=int, default=2)
    serve.set_defaults(func=cmd_serve)

    api = sub.add_parser("api", help="run the HTTP API")
    http_args(api)
    api.add_argument("--workers", type=int, default=1)
    api.set_defaults(func=cmd_api)

    for name, func in (("worker", cmd_worker), ("beat", cmd_beat)):
        p = sub.add_parser(name, help=f"run the Celery {name}")
        p.add_argument("--loglevel", default="INFO")
        if name == "worker":
            p.add_argument("--concurrency", type=int, default=os.cpu_count() or 2)
        p.set_defaults(func=func)

    sub.add_parser("migrate", help="upgrade the database schema").set_defaults(func=cmd_migrate)
    sub.add_parser("sweep", help="run the periodic sweep once").set_defaults(func=cmd_sweep)

    extract = sub.add_parser("extract", help="extract one report and print the result")
    extract.add_argument("file")
    extract.add_argument("--json", action="store_true", help="print the extraction JSON")
    extract.add_argument("--ocr", choices=["auto", "always", "never"], default="auto")
    extract.set_defaults(func=cmd_extract)

    api_key = sub.add_parser("api-key", help="manage API keys")
    api_key_sub = api_key.add_subparsers(dest="api_key_command", required=True)
    create = api_key_sub.add_parser("create", help="create an org if needed and print a new key")
    create.add_argument("--org", required=True)
    create.add_argument(
        "--role", required=True, choices=["admin", "procurement", "reviewer", "read_only"]
    )
    create.add_argument("--name")
    create.set_defaults(func=cmd_api_key_create)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except ValueError as exc:  # settings refused at start-up (e.g. an unsafe production value)
        print(f"vendor-risk: {exc}", file=sys.stderr)
        return 2
    return code


if __name__ == "__main__":
    sys.exit(main())
