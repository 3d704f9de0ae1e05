"""HTTP glue shared by every domain's controllers: problems and request ids.

This is the one place where errors become RFC 9457 problem+json responses.
"""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec

from core import context
from core.errors import DomainError, FieldError, problem, problem_of

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send


T = TypeVar("T")
log = structlog.get_logger("mercato.http")
PROBLEM = "application/problem+json"
REQUEST_ID = "x-request-id"


class ProblemField(msgspec.Struct, frozen=True):
    field: str
    message: str


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemField] | None = None


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI documentation of the problem responses a route can give."""
    return {
        status: ResponseSpec(data_container=Problem, media_type=PROBLEM, description=_DESCRIPTIONS[status])
        for status in statuses
    }


_DESCRIPTIONS = {
    400: "Malformed request",
    401: "Missing, invalid or expired token",
    402: "Payment declined",
    403: "Token lacks the permission",
    404: "Unknown resource",
    409: "Conflicts with the current state",
    422: "Invalid input",
    429: "Rate limited",
    503: "Overloaded or dependency down",
}


def _respond(body: dict[str, Any], retry_after: int | None = None) -> Response[Any]:
    headers = {"Retry-After": str(retry_after)} if retry_after else None
    return Response(body, status_code=body["status"], media_type=PROBLEM, headers=headers)


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    retry = exc.retry_after if exc.retry_after or exc.status != 503 else 1
    return _respond(problem_of(exc, instance=request.url.path), retry)


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    fields = [
        FieldError(_field_of(item), str(item.get("message", "")))
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    body = problem(400, "Invalid request", _plain(exc.detail), code="invalid_request", errors=fields)
    return _respond(body)


_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def _field_of(item: dict[str, Any]) -> str:
    """The field a validation error is about: a missing or unknown one is named in the message."""
    key = str(item.get("key") or item.get("source") or "body")
    named = _NAMED_FIELD.search(str(item.get("message", "")))
    if named is None:
        return key
    return named.group(1) if key in ("data", "body") else f"{key}.{named.group(1)}"


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    body = problem(exc.status_code, _title(exc.status_code), _plain(exc.detail))
    return _respond(body, 1 if exc.status_code == 503 else None)


def unexpected_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error", path=request.url.path)
    return _respond(problem(500, "Internal error", "an unexpected error occurred"))


def _plain(detail: str) -> str:
    return detail.split(" - ", 1)[0] if detail else "bad request"


def _title(status: int) -> str:
    return {404: "Not found", 405: "Method not allowed", 413: "Payload too large"}.get(status, "Error")


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_handler,
}


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Echo or mint X-Request-ID; it is also the correlation id of the messages sent."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID.encode(), b"").decode("latin-1")
        request_id = sent[:128] if sent else str(uuid.uuid4())
        token = context.correlation_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != REQUEST_ID.encode()]
                headers.append((REQUEST_ID.encode(), request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            with structlog.contextvars.bound_contextvars(request_id=request_id, correlation_id=request_id):
                await app(scope, receive, send_with_id)
        finally:
            context.correlation_id.reset(token)

    return middleware
