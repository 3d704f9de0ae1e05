"""Domain errors and their one mapping to RFC 9457 problem+json."""

from __future__ import annotations

from typing import Annotated, ClassVar, NamedTuple

import msgspec


class FieldError(msgspec.Struct, frozen=True):
    """What is wrong with one input field."""

    field: Annotated[
        str, msgspec.Meta(description="The field, as a dotted path: `price.amount`, `roles[0]`.")
    ]
    message: str


class Status(NamedTuple):
    """How an HTTP error status reads: the problem's ``title``, the OpenAPI response description and
    the ``code`` of its problem type when the HTTP layer answers it itself (no route, unreadable body)."""

    title: str
    description: str
    code: str


STATUSES: dict[int, Status] = {
    400: Status(
        "Bad request",
        "Malformed request: unreadable JSON, wrong types, unknown or missing fields",
        "invalid_request",
    ),
    401: Status("Not authenticated", "Missing, invalid or expired token", "unauthorized"),
    402: Status("Payment declined", "Payment declined", "payment_required"),
    403: Status("Not allowed", "The caller may not do this", "forbidden"),
    404: Status("Not found", "Unknown resource", "not_found"),
    405: Status("Method not allowed", "Method not allowed", "method_not_allowed"),
    409: Status("Conflict", "Conflicts with the current state", "conflict"),
    413: Status("Payload too large", "The body is too large", "payload_too_large"),
    415: Status(
        "Unsupported media type",
        "The body is not JSON: send Content-Type: application/json (or a +json type)",
        "unsupported_media_type",
    ),
    422: Status("Invalid input", "Well-formed but invalid input", "invalid"),
    429: Status("Too many requests", "Rate limited: retry after the Retry-After seconds", "rate_limited"),
    500: Status("Internal error", "Unexpected error", "internal"),
    503: Status(
        "Service unavailable",
        "Overloaded or a dependency is down: retry after the Retry-After seconds",
        "unavailable",
    ),
}


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem document: the one shape of every error response."""

    type: Annotated[str, msgspec.Meta(description="`about:blank` or a URI naming the kind of problem.")]
    title: Annotated[str, msgspec.Meta(description="The same for every problem of this status or type.")]
    status: Annotated[int, msgspec.Meta(ge=400, le=599)]
    detail: Annotated[str, msgspec.Meta(description="What went wrong this time, for a human.")]
    errors: Annotated[list[FieldError], msgspec.Meta(description="One entry per refused input field.")] = []
    instance: Annotated[str, msgspec.Meta(description="The path of the request.")] | None = None


class DomainError(Exception):
    """An expected failure a caller can act on. Travels across the bus intact."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = STATUSES[400].title

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
    status, code, title = 422, "invalid", STATUSES[422].title


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", STATUSES[401].title


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", STATUSES[403].title


class NotFound(DomainError):
    status, code, title = 404, "not_found", STATUSES[404].title


class Conflict(DomainError):
    status, code, title = 409, "conflict", STATUSES[409].title


class PaymentRequired(DomainError):
    status, code, title = 402, "payment_required", STATUSES[402].title


class RateLimited(DomainError):
    status, code, title = 429, "rate_limited", STATUSES[429].title


class Busy(DomainError):
    """A mailbox or pool is full: the caller should retry shortly."""

    status, code, title = 503, "busy", "Overloaded"


class Unavailable(DomainError):
    """A dependency (database, broker, another domain) did not answer."""

    status, code, title = 503, "unavailable", STATUSES[503].title


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
        title=title or (STATUSES[status].title if status in STATUSES else "Error"),
        status=status,
        detail=detail,
        errors=list(errors or []),
        instance=instance,
    )


def problem_of(error: DomainError, instance: str | None = None) -> Problem:
    return problem(
        error.status, error.detail, code=error.code, title=error.title, errors=error.errors, instance=instance
    )
