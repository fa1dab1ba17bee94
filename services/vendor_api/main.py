"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from vendor_api.errors import install_error_handlers, problem
from vendor_api.metrics import MetricsMiddleware
from vendor_api.routers import health, reports, risk, vendors, webhooks
from vendor_core.config import Settings, get_settings
from vendor_core.crypto import SecretBox
from vendor_core.db import make_engine, make_session_factory
from vendor_core.jobs import Producer
from vendor_core.storage import BlobStore

API_VERSION = "1.0.0"
# Multipart framing around the file: a declared body this much over the file limit is
# refused before a byte of it is read.
MULTIPART_OVERHEAD = 64 * 1024


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


class UploadSizeGuard:
    """Refuse uploads whose Content-Length already exceeds the limit (413) without reading
    them; bodies without a length are cut by the blob store while streaming."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes + MULTIPART_OVERHEAD

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            length = dict(scope["headers"]).get(b"content-length")
            if length is not None and length.isdigit() and int(length) > self.max_bytes:
                response = problem(
                    413,
                    "file_too_large",
                    f"the request body is larger than the limit of "
                    f"{(self.max_bytes - MULTIPART_OVERHEAD) // (1024 * 1024)} MB",
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.engine = engine
        app.state.session_factory = make_session_factory(engine)
        yield
        engine.dispose()

    app = FastAPI(
        title="vendor-risk",
        version=API_VERSION,
        description=(
            "Vendor risk from SOC 1, SOC 2 and SOC 3 reports: upload a vendor's report, "
            "read what the parser extracted, the vendor's explainable risk score, and "
            "subscribe to expiry alerts. Authenticate with `Authorization: Bearer <API key>`."
        ),
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.blob_store = BlobStore(settings.blobs)
    app.state.producer = Producer(settings)
    app.state.secret_box = SecretBox(settings.secret_key.get_secret_value())
    install_error_handlers(app)
    for module in (health, vendors, reports, risk, webhooks):
        app.include_router(module.router)
    app.add_middleware(UploadSizeGuard, max_bytes=settings.max_upload_bytes)
    app.add_middleware(MetricsMiddleware)
    logging.getLogger("vendor_api").setLevel(settings.log_level)
    return app
