"""Domain errors and their one mapping to RFC 9457 problem+json."""

from __future__ import annotations

from typing import ClassVar

import msgspec


class FieldError(msgspec.Struct, frozen=True):
    field: str
    message: str


TITLES: dict[int, str] = {
    400: "Bad request",
    401: "Not authenticated",
    402: "Payment declined",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document: the one shape of every error response."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []
    instance: str | None = None


class DomainError(Exception):
    """An expected failure a caller can act on. Travels across the bus intact."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = TITLES[400]

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
    status, code, title = 422, "invalid", TITLES[422]


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", TITLES[401]


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", TITLES[403]


class NotFound(DomainError):
    status, code, title = 404, "not_found", TITLES[404]


class Conflict(DomainError):
    status, code, title = 409, "conflict", TITLES[409]


class PaymentRequired(DomainError):
    status, code, title = 402, "payment_required", TITLES[402]


class RateLimited(DomainError):
    status, code, title = 429, "rate_limited", TITLES[429]


class Busy(DomainError):
    """A mailbox or pool is full: the caller should retry shortly."""

    status, code, title = 503, "busy", "Overloaded"


class Unavailable(DomainError):
    """A dependency (database, broker, another domain) did not answer."""

    status, code, title = 503, "unavailable", TITLES[503]


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
    detail: str,
    *,
    code: str = "about:blank",
    title: str | None = None,
    errors: list[FieldError] | None = None,
    instance: str | None = None,
) -> Problem:
    """An RFC 9457 problem document; the title is the status's unless given."""
    return Problem(
        type=code if code == "about:blank" else f"https://mercato.dev/problems/{code}",
        title=title or TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        errors=list(errors or []),
        instance=instance,
    )


def problem_of(error: DomainError, instance: str | None = None) -> Problem:
    return problem(
        error.status, error.detail, code=error.code, title=error.title, errors=error.errors, instance=instance
    )
