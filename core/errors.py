"""Domain errors and their one mapping to RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


class DomainError(Exception):
    """An expected failure a caller can act on. Travels across the bus intact."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []
        self.retry_after = retry_after


class Invalid(DomainError):
    status, code, title = 422, "invalid", "Invalid input"


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", "Not authenticated"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(DomainError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class PaymentRequired(DomainError):
    status, code, title = 402, "payment_required", "Payment declined"


class RateLimited(DomainError):
    status, code, title = 429, "rate_limited", "Too many requests"


class Busy(DomainError):
    """A mailbox or pool is full: the caller should retry shortly."""

    status, code, title = 503, "busy", "Overloaded"


class Unavailable(DomainError):
    """A dependency (database, broker, another domain) did not answer."""

    status, code, title = 503, "unavailable", "Service unavailable"


class NoHandler(Unavailable):
    code, title = "no_handler", "No handler for message"


class TimedOut(Unavailable):
    code, title = "timeout", "Timed out"


ERROR_TYPES: dict[str, type[DomainError]] = {
    cls.code: cls
    for cls in (
        DomainError,
        Invalid,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        PaymentRequired,
        RateLimited,
        Busy,
        Unavailable,
        NoHandler,
        TimedOut,
    )
}


class ErrorBody(msgspec.Struct, frozen=True, kw_only=True):
    """A domain error as it crosses a process boundary."""

    code: str
    detail: str
    errors: list[FieldError] = []
    retry_after: int | None = None


def to_body(error: DomainError) -> ErrorBody:
    return ErrorBody(code=error.code, detail=error.detail, errors=error.errors, retry_after=error.retry_after)


def from_body(body: ErrorBody) -> DomainError:
    cls = ERROR_TYPES.get(body.code, DomainError)
    return cls(body.detail, errors=list(body.errors), retry_after=body.retry_after)


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str = "about:blank",
    errors: list[FieldError] | None = None,
    instance: str | None = None,
) -> dict[str, Any]:
    """An RFC 9457 problem document."""
    body: dict[str, Any] = {
        "type": code if code == "about:blank" else f"https://mercato.dev/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in errors]
    if instance:
        body["instance"] = instance
    return body


def problem_of(error: DomainError, instance: str | None = None) -> dict[str, Any]:
    return problem(
        error.status,
        error.title,
        error.detail,
        code=error.code,
        errors=error.errors,
        instance=instance,
    )
