"""Domain errors: what the core raises. Only the API edge maps them to HTTP."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError


class DomainError(Exception):
    code: ClassVar[str] = "domain_error"

    def __init__(self, message: str, **context: object) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class InvalidInput(DomainError):
    code = "invalid_input"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class EmptyUpload(DomainError):
    code = "empty_file"


class UploadTooLarge(DomainError):
    code = "file_too_large"


class NotAPdf(DomainError):
    code = "not_a_pdf"


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"


class StorageUnavailable(DomainError):
    """Transient: the blob store could not be read or written. Jobs retry on it."""

    code = "storage_unavailable"


def field_errors(exc: ValidationError) -> list[dict[str, str]]:
    """Pydantic errors as `[{field, message}]`, the shape every 422 carries."""
    return [
        {"field": ".".join(str(part) for part in err["loc"]), "message": err["msg"]}
        for err in exc.errors(include_url=False, include_input=False)
    ]
