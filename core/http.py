"""HTTP glue shared by every domain's controllers: problems, request ids, HEAD, JSON bodies.

This is the one place where errors become RFC 9457 problem+json responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import msgspec
import structlog
from litestar import Litestar, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import BaseRouteHandler, HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.routes import HTTPRoute

from core import context
from core.errors import STATUSES, DomainError, FieldError, Invalid, Problem, problem, problem_of
from core.messages import new_id

if TYPE_CHECKING:
    from litestar.types import (
        ASGIApp,
        HTTPResponseBodyEvent,
        HTTPResponseStartEvent,
        Message,
        Receive,
        Scope,
        Send,
    )

log = structlog.get_logger("mercato.http")
PROBLEM = "application/problem+json"
REQUEST_ID = "x-request-id"
SENT_METHOD = "sent_method"
JSON_TYPE = re.compile(r"^application/(?:[\w.+-]+\+)?json$")
_encoder = msgspec.json.Encoder()
NO_NUL = r"^[^\x00]*$"  # the pattern of body text: PostgreSQL cannot store a NUL character


def errors(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI documentation of the problem responses a route can give."""
    return {status: problem_response(status) for status in statuses}


def problem_response(status: int) -> ResponseSpec:
    """A problem response of ``status``, described and exemplified from the one status table."""
    text = STATUSES[status]
    example = Example(value=msgspec.to_builtins(problem(status, text.description, code=text.code)))
    return ResponseSpec(
        data_container=Problem,
        media_type=PROBLEM,
        description=text.description,
        generate_examples=False,
        examples=[example],
    )


# RFC 9110 section 11.6.1: a 401 says how to authenticate (staff routes also take an X-API-Key).
CHALLENGE = 'Bearer realm="mercato"'


def _respond(body: Problem, retry_after: int | None = None) -> Response[Any]:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    if body.status == 401:
        headers["WWW-Authenticate"] = CHALLENGE
    return Response(body, status_code=body.status, media_type=PROBLEM, headers=headers or None)


def domain_error_handler(request: Request[Any, Any, Any], exc: DomainError) -> Response[Any]:
    retry = exc.retry_after if exc.retry_after or exc.status != 503 else 1
    return _respond(problem_of(exc, instance=request.url.path), retry)


def validation_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    fields = [
        FieldError(_field_of(item), _message_of(item))
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    detail = _plain(exc.detail)
    return _respond(problem(400, detail, code="invalid_request", errors=fields, instance=request.url.path))


_NAMED_FIELD = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def _field_of(item: dict[str, Any]) -> str:
    """The field a validation error is about: a missing or unknown one is named in the message."""
    key = str(item.get("key") or item.get("source") or "body")
    named = _NAMED_FIELD.search(str(item.get("message", "")))
    if named is None:
        return "body" if key == "data" else key
    return named.group(1) if key in ("data", "body") else f"{key}.{named.group(1)}"


def _message_of(item: dict[str, Any]) -> str:
    """Litestar words a value it did not get at all as the text of a KeyError (``'data'``)."""
    message = str(item.get("message", ""))
    if message != repr(str(item.get("key", ""))):
        return message
    return "a JSON body is required" if item.get("key") == "data" else "is required"


def edge_problem(status: int, detail: str, instance: str) -> Problem:
    """A problem the HTTP layer itself raises (no route, unreadable body, ...), typed like the domain's."""
    return problem(status, detail, code=_code_of(status), instance=instance)


def _code_of(status: int) -> str:
    return STATUSES[status].code if status in STATUSES else f"http_{status}"


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    body = edge_problem(exc.status_code, _plain(exc.detail), request.url.path)
    response = _respond(body, 1 if exc.status_code == 503 else None)
    for name, value in (exc.headers or {}).items():
        response.headers.setdefault(name, value)  # such as the Allow header of a 405
    return response


def too_deep_handler(request: Request[Any, Any, Any], exc: RecursionError) -> Response[Any]:
    """msgspec gives up on a JSON body nested thousands of levels deep: that is a malformed request."""
    if not _has_body(request.scope):
        return unexpected_handler(request, exc)
    detail = "the JSON body is nested too deeply"
    return _respond(problem(400, detail, code="invalid_request", instance=request.url.path))


def unexpected_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    log.exception("unhandled error", path=request.url.path)
    return _respond(edge_problem(500, "an unexpected error occurred", request.url.path))


_AT_PATH = re.compile(r" - at `\$\.?(.*)`$")


async def strict_input(request: Request[Any, Any, Any]) -> None:
    """Refuse what no handler can use before it runs (before_request hook): see the two checks."""
    refuse_nul_parameters(request)
    await strict_body(request)


def refuse_nul_parameters(request: Request[Any, Any, Any]) -> None:
    """A NUL character in a query or path parameter is a 422 naming it: PostgreSQL can neither store
    nor compare such text, and its error no longer knows which parameter held it."""
    values = [*request.query_params.multi_items(), *request.path_params.items()]
    named = list(dict.fromkeys(name for name, value in values if isinstance(value, str) and "\x00" in value))
    if named:
        raise Invalid(
            "a value in the request cannot be stored or compared",
            errors=[FieldError(name, "must not contain a NUL character") for name in named],
        )


async def strict_body(request: Request[Any, Any, Any]) -> None:
    """Read a JSON body as strictly as the OpenAPI document describes it (before_request hook).

    Litestar converts a body leniently (``"true"`` or ``0`` for a boolean, ``"5"`` or ``1.0`` for an
    integer); a body the document declares invalid must get the 400 it documents, not be coerced.
    """
    field = request.route_handler.parsed_fn_signature.parameters.get("data")
    target = getattr(field, "annotation", None)
    if not (isinstance(target, type) and issubclass(target, msgspec.Struct)):
        return
    raw = await request.body()
    if not raw.strip():
        return
    deserializer = request.route_handler.default_deserializer
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return  # malformed JSON: Litestar's own reading reports it
    try:
        msgspec.convert(_integral(value), target, strict=True, dec_hook=deserializer)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path = _AT_PATH.search(message)
        key = path.group(1) if path and path.group(1) else "body"
        raise ValidationException(
            f"Validation failed for {request.method} {request.url.path}",
            extra=[{"message": _AT_PATH.sub("", message), "key": key, "source": "body"}],
        ) from None
    nul = _nul_at(value, "")
    if nul is not None:
        raise Invalid(
            "a value in the request cannot be stored or compared",
            errors=[FieldError(nul or "body", "must not contain a NUL character")],
        )


def _integral(value: Any) -> Any:
    """JSON Schema counts ``2.0`` as an integer: so does the strict reading."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_integral(item) for item in value]
    return value


def _nul_at(value: Any, path: str) -> str | None:
    """The path of the first string (or key) of a decoded JSON body holding a NUL character."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{path}.{key}" if path else str(key)
            found = inner if "\x00" in str(key) else _nul_at(item, inner)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def align_options(app: Litestar) -> None:
    """Make every OPTIONS reply list all the methods of its path in ``Allow``.

    Litestar makes the OPTIONS handler of a path when the first controller registers it; when
    other controllers add methods to the same path, the merged route keeps that handler, which
    still answers with the first controller's methods only. Point each at its merged route.
    """
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            fn: Any = handler.fn
            if answers_options(handler) and getattr(fn, "__closure__", None):
                for cell in fn.__closure__:
                    if isinstance(cell.cell_contents, HTTPRoute):
                        cell.cell_contents = route


def answers_options(handler: BaseRouteHandler) -> bool:
    """Litestar's own OPTIONS handler of a path: it reads nothing and only tells the methods (``Allow``)."""
    return (
        isinstance(handler, HTTPRouteHandler)
        and handler.http_methods == {"OPTIONS"}
        and getattr(handler.fn, "__name__", "") == "options_handler"
    )


def _plain(detail: str) -> str:
    return detail.split(" - ", 1)[0] if detail else "bad request"


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error_handler,
    ValidationException: validation_handler,
    HTTPException: http_error_handler,
    RecursionError: too_deep_handler,
    Exception: unexpected_handler,
}


def edge(app: ASGIApp) -> ASGIApp:
    """Wrap the whole application, router included: route middleware never sees Litestar's own
    404 and 405, yet every reply carries a request id, and HEAD works wherever GET does."""
    return request_id_middleware(head_as_get(app))


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    """Echo or mint X-Request-ID; it is also the correlation id of the messages sent."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(REQUEST_ID.encode(), b"").decode("latin-1")
        request_id = sent[:128] if sent else new_id()
        token = context.correlation_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != REQUEST_ID.encode()]
                headers.append((REQUEST_ID.encode(), request_id.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            with context.logged(request_id=request_id, correlation_id=request_id):
                await app(scope, receive, send_with_id)
        finally:
            context.correlation_id.reset(token)

    return middleware


def head_as_get(app: ASGIApp) -> ASGIApp:
    """RFC 9110: a HEAD is answered as the GET of the same target without its body (status and headers,
    Content-Length included, stay GET's); ``Allow`` lists HEAD wherever it lists GET."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        head = scope.get("method") == "HEAD"

        async def send_as_asked(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _allow_head(message.get("headers", []))
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await app(_as_get(scope) if head else scope, receive, send_as_asked)

    return middleware


def _as_get(scope: Scope) -> Scope:
    state = {**scope.get("state", {}), SENT_METHOD: "HEAD"}
    return cast("Scope", {**scope, "method": "GET", "state": state})


def sent_method(scope: Scope) -> str:
    """The method the client sent (what it signed): a HEAD reaches the routes as a GET."""
    return str(scope.get("state", {}).get(SENT_METHOD) or scope.get("method", ""))


def _allow_head(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [(name, _with_head(value) if name.lower() == b"allow" else value) for name, value in headers]


def _with_head(allow: bytes) -> bytes:
    methods = {method.strip() for method in allow.decode("latin-1").split(",")}
    return ", ".join(sorted(methods | {"HEAD"})).encode("latin-1") if "GET" in methods else allow


def json_body_middleware(app: ASGIApp) -> ASGIApp:
    """A request that carries a body must say it is JSON: every body the shop reads is JSON (else 415)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_body(scope) and not _is_json(scope) and not _is_webhook(scope):
            body = edge_problem(
                415, "the request body must be JSON: send Content-Type: application/json", scope["path"]
            )
            start: HTTPResponseStartEvent = {
                "type": "http.response.start",
                "status": 415,
                "headers": [(b"content-type", PROBLEM.encode()), (b"accept", b"application/json")],
            }
            await send(start)
            end: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": _encoder.encode(body),
                "more_body": False,
            }
            await send(end)
            return
        await app(scope, receive, send)

    return middleware


def _has_body(scope: Scope) -> bool:
    headers = dict(scope["headers"])
    length = headers.get(b"content-length", b"0").strip()
    return (length not in (b"", b"0")) or b"chunked" in headers.get(b"transfer-encoding", b"").lower()


def _is_webhook(scope: Scope) -> bool:
    """Providers post webhooks in their own formats (Twilio's are form encoded); their routes verify them."""
    return str(scope["path"]).startswith("/webhooks/")


def _is_json(scope: Scope) -> bool:
    raw = dict(scope["headers"]).get(b"content-type", b"").decode("latin-1")
    return bool(JSON_TYPE.match(raw.split(";", 1)[0].strip().lower()))
