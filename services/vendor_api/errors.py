"""Every error leaves the API as RFC 9457 problem+json with a stable `code`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from vendor_core.errors import (
    Conflict,
    DomainError,
    EmptyUpload,
    Forbidden,
    IdempotencyKeyReused,
    InvalidInput,
    NotAPdf,
    NotFound,
    StorageUnavailable,
    Unauthenticated,
    UploadTooLarge,
)

log = logging.getLogger("vendor_api")

PROBLEM_JSON = "application/problem+json"

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    UploadTooLarge: 413,
    NotAPdf: 415,
    EmptyUpload: 422,
    InvalidInput: 422,
    IdempotencyKeyReused: 422,
    StorageUnavailable: 503,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "file_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
}


def problem(
    status: int,
    code: str,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = {
        # Extension members never shadow the standard ones.
        **(extra or {}),
        "type": f"https://vendor-risk.dev/problems/{code}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "detail": detail,
        "code": code,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    def _domain(_: Request, exc: DomainError) -> JSONResponse:
        status = next((s for t, s in STATUS_BY_ERROR.items() if isinstance(exc, t)), 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return problem(status, exc.code, exc.message, headers=headers, extra=exc.context)

    @app.exception_handler(RequestValidationError)
    def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in err["loc"]), "message": err["msg"]}
            for err in exc.errors()
        ]
        return problem(
            422, "validation_error", "the request is not valid", extra={"errors": errors}
        )

    @app.exception_handler(StarletteHTTPException)
    def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return problem(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(IntegrityError)
    def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # Uniqueness is enforced by the database; reaching it here means a concurrent
        # request won the race (e.g. two first-time overrides, two policy versions).
        log.info("write conflict on %s %s: %s", request.method, request.url.path, exc.orig)
        return problem(409, "conflict", "a concurrent change conflicted with this one; retry it")

    @app.exception_handler(Exception)
    def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem(500, "internal_error", "an unexpected error occurred; it has been logged")
