"""Who may call a route: the verified caller from the bearer token or API key, and the guards built on it.

Guards are synchronous, so an ``X-API-Key`` is resolved before them by ``api_key_middleware``
(it asks identity over the bus, through a short cache) and left in the scope's state, where
``principal_of`` finds it, as it finds a bearer token's principal verified earlier.

Every guard lets Litestar's own OPTIONS handler through: a guard set on a controller also
covers the OPTIONS handler of its path, and a CORS preflight never carries credentials.
"""

from __future__ import annotations

import hmac
import time
from typing import TYPE_CHECKING, Any

import msgspec
import structlog
from litestar import Request

from core.errors import DomainError, Forbidden, Unauthorized, problem
from core.http import PROBLEM, answers_options, sent_method
from core.security import (
    SIGNATURE_TOLERANCE,
    ApiKeyGrant,
    Principal,
    VerifyApiKey,
    api_key_hash,
    signature_of,
    signing_secret,
)

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers.base import BaseRouteHandler
    from litestar.types import ASGIApp, HTTPRequestEvent, Receive, ReceiveMessage, Scope, Send

    from core.bus import MessageBus
    from core.security import TokenCodec

log = structlog.get_logger("mercato.guards")
API_KEY = "x-api-key"
SIGNATURE = "x-signature"
SIGNATURE_TIMESTAMP = "x-signature-timestamp"
REFUSED = "api_key_refused"
MAX_SIGNED_BODY = 10 * 1024 * 1024


def principal_of(connection: ASGIConnection[Any, Any, Any, Any], *, allow_revoked: bool = False) -> Principal:
    """The verified caller, or 401 (``allow_revoked``: a signed-out session's token too, to log out twice)."""
    state = connection.scope.get("state", {})
    cached = state.get("principal")
    if isinstance(cached, Principal):
        return cached
    refused = state.get(REFUSED)
    if isinstance(refused, DomainError):
        raise refused
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("a bearer access token (or, for staff routes, an X-API-Key) is required")
    tokens: TokenCodec = connection.app.state.tokens
    principal = tokens.verify(token.strip(), allow_revoked=allow_revoked)
    if not allow_revoked:
        connection.scope.setdefault("state", {})["principal"] = principal
    return principal


def staff(permission: str) -> Any:
    """A guard: the caller is staff (or an API key) holding ``permission``."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        if not answers_options(handler):
            principal_of(connection).require(permission)

    guard.__name__ = f"staff:{permission}"
    return guard


def staff_member(permission: str) -> Any:
    """A guard: a signed-in staff member (not an API key) holding ``permission``; for granting
    access (keys, staff users, roles), which a key must not do: what it grants would outlive it."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
        if answers_options(handler):
            return
        principal = principal_of(connection)
        principal.require(permission)
        if principal.kind != "staff":
            raise Forbidden("only a signed-in staff member may do this, not an API key")

    guard.__name__ = f"staff_member:{permission}"
    return guard


def customer_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """A guard: the caller is a signed-in customer."""
    if not answers_options(handler) and principal_of(connection).kind != "customer":
        raise Forbidden("customers only")


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


def optional_principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    """The caller when a token or API key is sent (a bad one is still 401), else None."""
    headers = connection.headers
    return principal_of(connection) if "authorization" in headers or API_KEY in headers else None


# --- API keys ---------------------------------------------------------------------------


def api_key_middleware(app: ASGIApp) -> ASGIApp:
    """Resolve ``X-API-Key`` (and check its request signature) before the guards run.

    A request without the header passes untouched. The outcome, a Principal or the 401
    to answer, goes to ``scope["state"]``; only routes that need a caller act on it.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        if not any(name == b"x-api-key" for name, _ in scope["headers"]):
            await app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        key = headers.get(API_KEY)
        if key is None or "authorization" in headers:  # a bearer token wins
            await app(scope, receive, send)
            return
        body: bytes | None = None
        if SIGNATURE in headers:
            body, receive = await _buffered(receive)
            if body is None:
                await _too_large(scope, send)
                return
        state = scope.setdefault("state", {})
        try:
            state["principal"] = await _api_key_principal(scope, headers, key.strip(), body)
        except DomainError as exc:
            state[REFUSED] = exc
        await app(scope, receive, send)

    return middleware


async def _api_key_principal(
    scope: Scope, headers: dict[str, str], key: str, body: bytes | None
) -> Principal:
    litestar_app = scope["app"]
    tokens: TokenCodec = litestar_app.state.tokens
    grant = await resolve_api_key(tokens, litestar_app.state.bus, key)
    if grant.expires_at is not None and grant.expires_at.timestamp() <= time.time():
        raise Unauthorized("this API key has expired")
    if grant.require_signature:
        _check_signature(tokens, grant, scope, headers, body)
    return Principal(
        subject=grant.id, kind="api_key", session_id=grant.id, permissions=frozenset(grant.permissions)
    )


async def resolve_api_key(tokens: TokenCodec, bus: MessageBus, key: str) -> ApiKeyGrant:
    """The key's grant: from the cache (``api_key_cache_seconds``) or asked of identity."""
    if not key or len(key) > 200:
        raise Unauthorized("the API key is unknown, revoked or expired")
    key_hash = api_key_hash(key)
    grant = tokens.api_keys.get(key_hash)
    if grant is None:
        grant = await bus.ask(VerifyApiKey(key_hash=key_hash))
        tokens.api_keys.put(key_hash, grant)
    return grant


def _check_signature(
    tokens: TokenCodec, grant: ApiKeyGrant, scope: Scope, headers: dict[str, str], body: bytes | None
) -> None:
    sent, stamp = headers.get(SIGNATURE, "").strip(), headers.get(SIGNATURE_TIMESTAMP, "").strip()
    if not sent or not stamp or body is None:
        raise Unauthorized(
            "this API key requires signed requests: send X-Signature-Timestamp and X-Signature"
        )
    try:
        skew = abs(time.time() - int(stamp))
    except ValueError:
        raise Unauthorized("X-Signature-Timestamp must be Unix seconds") from None
    if skew > SIGNATURE_TOLERANCE:
        raise Unauthorized(f"X-Signature-Timestamp is more than {SIGNATURE_TOLERANCE} s away from now")
    query = scope.get("query_string", b"").decode("latin-1")
    path = scope["raw_path"].decode("latin-1") if scope.get("raw_path") else scope["path"]
    target = f"{path.split('?', 1)[0]}?{query}" if query else path.split("?", 1)[0]
    method = sent_method(scope)
    expected = signature_of(signing_secret(tokens, grant.id), method, target, stamp, body)
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError, not a 401).
    if not hmac.compare_digest(expected.encode(), sent.lower().removeprefix("sha256=").encode()):
        raise Unauthorized("the request signature does not match")


async def _buffered(receive: Receive) -> tuple[bytes | None, Receive]:
    """The whole request body (None when over ``MAX_SIGNED_BODY``), and a ``receive`` that hands it on."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_SIGNED_BODY:
            return None, receive
        chunks.append(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> ReceiveMessage:
        nonlocal replayed
        if not replayed:
            replayed = True
            event: HTTPRequestEvent = {"type": "http.request", "body": body, "more_body": False}
            return event
        return await receive()

    return body, replay


async def _too_large(scope: Scope, send: Send) -> None:
    """413: a signed body is checked whole, so one over the limit is refused, never cut short."""
    body = problem(
        413,
        f"a signed request's body may have at most {MAX_SIGNED_BODY} bytes",
        code="payload_too_large",
        instance=scope["path"],
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", PROBLEM.encode()), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": msgspec.json.encode(body), "more_body": False})
