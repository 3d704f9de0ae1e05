"""Idempotency-Key (ARCHITECTURE rule 6): the first reply of an unsafe POST, replayed to a client that retries.

A route wraps its work in ``idempotent``::

    async def respond() -> Response[Any]:
        result = await bus.send(...)
        return Response(body, status_code=201, headers={"X-Order-Token": result.order_token})

    return await idempotent(request, "orders.checkout", respond)

Without the header the work simply runs. With it, the key is claimed in the store for a lease
(a crashed request never blocks a key for longer), the reply (2xx, or a 4xx problem) is kept
``settings.idempotency_ttl`` seconds and replayed with ``Idempotent-Replayed: true`` to the same
request (method, path, caller, raw body); another request under the key is a 422, a repeat while
the first still runs a 409. A 5xx or an exception frees the key so the client may retry with it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal, Protocol

import msgspec
import structlog
from litestar import Request, Response
from litestar.datastructures import ResponseHeader
from litestar.params import HeaderParameter

from core.errors import Conflict, DomainError, FieldError, Invalid
from core.guards import optional_principal
from core.http import domain_error_handler

log = structlog.get_logger("mercato.idempotency")
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LEASE_SECONDS = 60.0  # how long a claim blocks the key before a retry may take it over
_VALID_KEY = re.compile(r"[\x20-\x7e]{1,255}")
_NOT_REPLAYED = frozenset({"content-length", "x-request-id", "date", "server", "set-cookie"})

# OpenAPI: a route that calls ``idempotent`` takes ``idempotency_key: IdempotencyKey = None`` (the header is
# read by ``idempotent``; the parameter documents it), lists ``response_headers=[REPLAYED_HEADER]`` and
# adds ``*IDEMPOTENCY_ERRORS`` to its ``errors(...)``.
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name=HEADER,
        required=False,
        description="Any unique string (a UUID) naming this attempt: a retry with the same key and body "
        "gets the first reply again instead of repeating the effect; 1 to 255 printable ASCII characters.",
        schema_extra={"maxLength": 255, "pattern": "^[ -~]{1,255}$"},
    ),
]
REPLAYED_HEADER = ResponseHeader(
    name=REPLAYED,
    documentation_only=True,
    description="`true` when this is the stored first reply to an earlier request with the same Idempotency-Key.",
)
IDEMPOTENCY_ERRORS = (400, 409, 422)


class StoredReply(msgspec.Struct, frozen=True, kw_only=True):
    """A reply as sent: status, body bytes and the headers the route set (content type included)."""

    status: int
    body: bytes
    headers: list[tuple[str, str]] = []


class Claim(msgspec.Struct, frozen=True, kw_only=True):
    """What ``begin`` found: ``new`` (the caller owns the key, ``token`` proves it), ``replay``
    (``reply`` holds the stored reply), ``in_flight`` (another holds a live lease) or ``mismatch``
    (the key was used with another fingerprint)."""

    outcome: Literal["new", "replay", "in_flight", "mismatch"]
    token: str = ""
    reply: StoredReply | None = None


class IdempotencyStore(Protocol):
    """Where keys are claimed and replies kept; every adapter passes tests/contracts/test_idempotency.py.

    Keys live per ``scope``; a record older than its ``ttl`` (seconds) counts as absent. A ``new``
    claim holds the key for ``lease`` seconds; then an equal request may take it over (a new token).
    ``finish`` and ``release`` act only while ``token`` still owns the running claim.
    """

    async def begin(self, scope: str, key: str, fingerprint: str, *, lease: float, ttl: float) -> Claim: ...

    async def finish(self, scope: str, key: str, token: str, reply: StoredReply, *, ttl: float) -> bool: ...

    async def release(self, scope: str, key: str, token: str) -> None: ...

    async def close(self) -> None: ...


async def idempotent(
    request: Request[Any, Any, Any], scope: str, respond: Callable[[], Awaitable[Response[Any]]]
) -> Response[Any]:
    """``respond()`` run at most once per ``Idempotency-Key`` of ``scope``; its reply replayed to a retry."""
    key = request.headers.get(HEADER)
    if key is None:
        return await respond()
    if not _VALID_KEY.fullmatch(key):
        raise DomainError(
            "the Idempotency-Key header is not a valid key",
            errors=[FieldError(HEADER, "must be 1 to 255 printable ASCII characters")],
        )
    store: IdempotencyStore = request.app.state.idempotency
    ttl = float(request.app.state.settings.idempotency_ttl)
    claim = await store.begin(scope, key, await fingerprint(request), lease=LEASE_SECONDS, ttl=ttl)
    if claim.outcome == "replay" and claim.reply is not None:
        return replayed(claim.reply)
    if claim.outcome == "mismatch":
        raise Invalid(
            "this Idempotency-Key was already used for another request",
            errors=[FieldError(HEADER, "already used with a different method, path, caller or body")],
        )
    if claim.outcome != "new":
        raise Conflict(
            "a request with this Idempotency-Key is still being processed",
            errors=[FieldError(HEADER, "still in flight: retry after a moment")],
            retry_after=1,
        )
    try:
        response = await _responded(request, respond)
        reply = recorded(request, response)
    except BaseException:  # a 5xx DomainError or anything else: the client may retry with the key
        await _release(store, scope, key, claim.token)
        raise
    if reply.status >= 500:
        await _release(store, scope, key, claim.token)
        return response
    try:
        await store.finish(scope, key, claim.token, reply, ttl=ttl)
    except Exception:
        log.exception("could not store an idempotent reply", scope=scope)
    return response


async def _responded(
    request: Request[Any, Any, Any], respond: Callable[[], Awaitable[Response[Any]]]
) -> Response[Any]:
    """The reply of ``respond()``; a 4xx DomainError as the problem the app would reply with."""
    try:
        return await respond()
    except DomainError as exc:
        if exc.status >= 500:
            raise
        return domain_error_handler(request, exc)


async def fingerprint(request: Request[Any, Any, Any]) -> str:
    """A digest of what makes two requests the same: method, path and query, caller, raw body."""
    principal = request.scope.get("state", {}).get("principal") or optional_principal(request)
    caller = f"{principal.kind}:{principal.subject}" if principal is not None else ""
    parts = [request.method, request.url.path, request.url.query or "", caller]
    digest = hashlib.sha256()
    for part in [*(p.encode() for p in parts), await request.body()]:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def recorded(request: Request[Any, Any, Any], response: Response[Any]) -> StoredReply:
    """``response`` rendered as the route would send it (its default status, its type encoders)."""
    handler = request.route_handler
    sent = response.to_asgi_response(
        None, request, status_code=handler.status_code, type_encoders=handler.resolve_type_encoders()
    )
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in sent.headers.headers
        if name.decode("latin-1").lower() not in _NOT_REPLAYED
    ]
    return StoredReply(status=sent.status_code, body=sent.body, headers=headers)


def replayed(reply: StoredReply) -> Response[bytes]:
    """The stored reply again, marked ``Idempotent-Replayed: true``."""
    headers = dict(reply.headers)
    media_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return Response(
        reply.body,
        status_code=reply.status,
        media_type=media_type,
        headers={**headers, REPLAYED: "true"},
    )


async def _release(store: IdempotencyStore, scope: str, key: str, token: str) -> None:
    try:
        await store.release(scope, key, token)
    except Exception:
        log.exception("could not release an idempotency key", scope=scope)
