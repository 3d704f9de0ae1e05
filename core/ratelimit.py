"""Rate limits and brute-force guards: the store port, ``Attempts`` and the ASGI middleware.

Two things are built on one ``RateLimitStore`` (in memory, or Redis when ``REDIS_URL`` is set, so
every process of a split deployment shares one budget):

- ``rate_limit_middleware`` limits requests per client IP, per customer, per API key and per route
  group (a GCRA limit: ``limit`` requests per ``window`` seconds, bursts included) and answers 429
  problem+json with ``Retry-After`` and the IETF ``RateLimit-*`` headers.
- ``Attempts`` guards secrets that can be guessed (passwords, TOTP codes, reset tokens, coupon codes):
  after a few failures each further one adds a growing delay, then the key is locked for a while.

Key names for ``Attempts``: ``account_key(kind, identity)`` and ``ip_key(kind, connection)``; the IP
keys (holding ``:ip:``) are never cleared by a success, only by time.
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import hashlib
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
import structlog

from core.errors import DomainError, Invalid, RateLimited, Unauthorized, problem

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

    from config.settings import Settings

log = structlog.get_logger("mercato.ratelimit")
IP_MARK = ":ip:"


class Decision(msgspec.Struct, frozen=True):
    """One request counted against one limit."""

    allowed: bool
    limit: int
    remaining: int
    reset_after: float  # seconds until the window frees a slot (refused) / is whole again (allowed)


class RateLimitStore(Protocol):
    """Where limits and failure counters live; atomic per key across every process sharing it."""

    async def hit(self, key: str, limit: int, window: float) -> Decision: ...

    async def hit_many(self, hits: Sequence[tuple[str, int, float]]) -> list[Decision]:
        """Several ``hit``s in one round trip; a refused one does not count against the others."""
        ...

    async def failures(self, key: str) -> int: ...

    async def fail(self, key: str, window: float) -> int:
        """+1 failure; the count expires ``window`` seconds after the last failure."""
        ...

    async def locked_for(self, key: str) -> float:
        """Seconds left of a lock or delay on ``key``, 0 when free."""
        ...

    async def lock(self, key: str, seconds: float) -> None:
        """Lock ``key`` for ``seconds`` (a longer lock already there is kept)."""
        ...

    async def clear(self, key: str) -> None:
        """Forget the failures and lock of ``key``."""
        ...

    async def close(self) -> None: ...


class LockoutPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """How failures on one key turn into delays and then a lock."""

    free: int = 3  # failures without any delay
    delay: float = 1.0  # the first delay; doubles with each further failure
    max_delay: float = 30.0
    lock_after: int = 10  # failures that lock the key
    lock_seconds: float = 900.0
    window: float = 900.0  # failures are forgotten this long after the last one

    def wait_after(self, failures: int) -> tuple[float, bool]:
        """The wait after ``failures`` failures, and whether it is the lockout."""
        if failures >= self.lock_after:
            return self.lock_seconds, True
        if failures <= self.free:
            return 0.0, False
        return min(self.max_delay, self.delay * 2 ** (failures - self.free - 1)), False


LockoutNotifier = Callable[[str, int, float], Awaitable[None]]


def _retry_after(seconds: float) -> int:
    return max(1, math.ceil(seconds))


class Attempts:
    """A brute-force guard: ``check`` before trying a secret, then ``failed`` or ``succeeded``."""

    def __init__(
        self,
        store: RateLimitStore,
        *,
        account: LockoutPolicy | None = None,
        ip: LockoutPolicy | None = None,
        on_lockout: LockoutNotifier | None = None,
    ) -> None:
        self.store = store
        self.account = account or LockoutPolicy()
        self.ip = ip or LockoutPolicy(free=20, lock_after=100, delay=1.0, max_delay=10.0)
        self.on_lockout = on_lockout

    def policy(self, key: str) -> LockoutPolicy:
        return self.ip if IP_MARK in key else self.account

    async def check(self, *keys: str) -> None:
        """Raise ``RateLimited`` (429 with Retry-After) if any key is delayed or locked."""
        waits = await asyncio.gather(*(self.store.locked_for(_stored(key)) for key in keys))
        wait = max(waits, default=0.0)
        if wait > 0:
            raise RateLimited("too many failed attempts: try again later", retry_after=_retry_after(wait))

    async def failed(self, *keys: str) -> None:
        """Count a failure on each key; past a few, delay the next try; at the maximum, lock."""
        for key in keys:
            policy = self.policy(key)
            stored = _stored(key)
            count = await self.store.fail(stored, max(policy.window, policy.lock_seconds))
            wait, locked = policy.wait_after(count)
            if wait <= 0:
                continue
            await self.store.lock(stored, wait)
            if locked and count == policy.lock_after:
                log.warning("locked out after failed attempts", key=key, failures=count, seconds=wait)
                if self.on_lockout is not None:
                    try:
                        await self.on_lockout(key, count, wait)
                    except Exception:
                        log.exception("lockout alert failed", key=key)

    async def succeeded(self, *keys: str) -> None:
        """Clear the account keys (not the IP keys: only time forgets an IP's failures)."""
        for key in keys:
            if IP_MARK not in key:
                await self.store.clear(_stored(key))

    @contextlib.asynccontextmanager
    async def guarding(
        self,
        kind: str,
        identity: str,
        connection: Any,
        *,
        failures: tuple[type[DomainError], ...] = (Unauthorized, Invalid),
        fields: Mapping[str, str | None] | None = None,
        clear: bool = True,
    ) -> AsyncIterator[None]:
        """Guard one try of a secret for ``identity`` (an email, an id) from the caller's IP.

        Checks the account and IP keys of ``kind`` first (429 while delayed or locked); a
        ``failures`` error raised inside counts a failure, success clears the account key.
        ``fields`` sends an error naming a field to another kind's keys (``{"totp_code": "totp"}``),
        or to none (``None``: not a guess, such as a code not sent yet). ``clear=False`` keeps the
        count after a success (a right coupon code must not pay for more guesses).
        """
        own = [account_key(kind, identity), ip_key(kind, connection)]
        others = {
            field: [account_key(other, identity), ip_key(other, connection)] if other else []
            for field, other in (fields or {}).items()
        }
        every = [*own, *(key for keys in others.values() for key in keys)]
        await self.check(*every)
        try:
            yield
        except failures as exc:
            named = [others[e.field] for e in exc.errors if e.field in others]
            await self.failed(*(named[0] if named else own))
            raise
        if clear:
            await self.succeeded(*every)


def _stored(key: str) -> str:
    return f"attempts:{key}"


def account_key(kind: str, identity: str) -> str:
    """The ``Attempts`` key of an account (an email, a customer id, a cart id) for ``kind``."""
    return f"{kind}:account:{identity.strip().lower()}"


def ip_key(kind: str, connection: ASGIConnection[Any, Any, Any, Any] | Scope) -> str:
    """The ``Attempts`` key of the caller's IP for ``kind`` (``login``, ``totp``, ``coupon``...)."""
    return f"{kind}{IP_MARK}{client_ip(connection)}"


def attempts(connection: Any) -> Attempts:
    """The app's ``Attempts`` (``app.state.attempts``), from a request or any ASGI connection."""
    found: Attempts = connection.app.state.attempts
    return found


def client_ip(connection: Any) -> str:
    """The caller's IP: the peer address, or the last ``X-Forwarded-For`` hop when settings trust it."""
    scope = connection if isinstance(connection, dict) else connection.scope
    trust = False
    app = scope.get("app")
    if app is not None:
        settings = app.state.get("settings")
        trust = bool(getattr(settings, "rate_limit_trust_forwarded", False))
    if trust:
        for name, value in scope.get("headers", ()):
            if name == b"x-forwarded-for":
                hops = [hop.strip() for hop in value.decode("latin-1").split(",") if hop.strip()]
                if hops:
                    return hops[-1]
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


# ---------------------------------------------------------------- the middleware

NEVER_LIMITED = ("/health", "/metrics", "/schema", "/swagger")
WARN_EVERY = 10.0  # seconds between warnings that the store is down


class Limits:
    """The request limits the settings give (requests per ``window`` seconds)."""

    def __init__(self, settings: Settings) -> None:
        self.window = float(settings.rate_limit_window)
        self.ip = settings.rate_limit_ip
        self.customer = settings.rate_limit_customer
        self.api_key = settings.rate_limit_api_key
        self.groups: dict[str, int] = {}
        for item in settings.rate_limit_groups:
            name, _, value = item.partition("=")
            if not name.strip() or not value.strip().isdigit() or int(value) < 1:
                raise _bad_setting("rate_limit_groups", f"{item!r} is not name=limit (a positive integer)")
            self.groups[name.strip()] = int(value)
        self.routes: list[tuple[str, str]] = []
        for item in settings.rate_limit_routes:
            pattern, _, group = item.rpartition("=")
            if not pattern.strip().startswith("/") or not group.strip():
                raise _bad_setting("rate_limit_routes", f"{item!r} is not /path/glob=group")
            self.routes.append((pattern.strip(), group.strip()))
        self._known: dict[str, str] = {}

    def group(self, template: str) -> str:
        """The group of a route, by its path template (``/carts/{cart_id:uuid}/checkout``)."""
        found = self._known.get(template)
        if found is None:
            found = next(
                (group for pattern, group in self.routes if fnmatch.fnmatchcase(template, pattern)),
                "default",
            )
            if len(self._known) < 10_000:
                self._known[template] = found
        return found


def _bad_setting(field: str, message: str) -> ValueError:
    from config.settings import SettingsError, env_name

    return SettingsError(env_name(field), message)


def _caller(scope: Scope) -> tuple[str, str] | None:
    """("customer"|"staff"|"api_key", id) of a caller that sent credentials, without a second JWT check."""
    headers = scope["headers"]
    authorization = b""
    api_key = b""
    for name, value in headers:
        if name == b"authorization":
            authorization = value
        elif name == b"x-api-key":
            api_key = value
    state = scope.setdefault("state", {})
    cached = state.get("principal")
    if cached is not None:
        return (cached.kind, cached.subject)
    if api_key:
        return ("api_key", hashlib.sha256(api_key).hexdigest()[:32])
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    from core.security import Principal

    try:
        principal = scope["app"].state.tokens.verify(token.strip())
    except Exception:  # noqa: BLE001 - a bad token is the route guard's 401 to give
        return None
    if isinstance(principal, Principal):
        state["principal"] = principal  # core.guards.principal_of reuses it: one verification
        return (principal.kind, principal.subject)
    return None


def _headers(decision: Decision) -> list[tuple[bytes, bytes]]:
    return [
        (b"ratelimit-limit", str(decision.limit).encode()),
        (b"ratelimit-remaining", str(decision.remaining).encode()),
        (b"ratelimit-reset", str(math.ceil(decision.reset_after)).encode()),
    ]


_encoder = msgspec.json.Encoder()


def rate_limit_middleware(app: ASGIApp) -> ASGIApp:
    """Count each request against its caller's limits; over one, answer 429 with Retry-After."""

    limits: Limits | None = None
    warned = -WARN_EVERY

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal limits, warned
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        state = scope["app"].state
        store: RateLimitStore | None = state.get("rate_limits")
        path: str = scope["path"]
        if store is None or path.startswith(NEVER_LIMITED) or scope.get("method") == "OPTIONS":
            await app(scope, receive, send)
            return
        if limits is None:
            limits = Limits(state.settings)
        window = limits.window
        group = limits.group(scope.get("path_template") or path)
        ip = client_ip(scope)
        hits: list[tuple[str, int, float]] = [(f"ip:{ip}", limits.ip, window)]
        who = f"ip:{ip}"
        caller = _caller(scope)
        if caller is not None:
            kind, subject = caller
            if kind == "customer":
                who = f"customer:{subject}"
                hits.append((who, limits.customer, window))
            elif kind == "api_key" or _has_api_key(scope):
                who = f"api_key:{subject}"
                hits.append((who, limits.api_key, window))
            else:
                who = f"{kind}:{subject}"
        group_limit = limits.groups.get(group)
        if group_limit:
            hits.append((f"group:{group}:{who}", group_limit, window))
        try:
            decisions = await store.hit_many(hits)
        except Exception:  # a limiter that is down must not take the shop down
            if time.monotonic() - warned > WARN_EVERY:
                warned = time.monotonic()
                log.warning("rate limit store did not answer; requests let through", exc_info=True)
            await app(scope, receive, send)
            return
        refused = [d for d in decisions if not d.allowed]
        if refused:
            worst = max(refused, key=lambda d: d.reset_after)
            await _too_many(scope, send, worst)
            return
        tightest = min(decisions, key=lambda d: (d.remaining, -d.reset_after))
        extra = _headers(tightest)

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await app(scope, receive, send_with_limits)

    return middleware


def _has_api_key(scope: Scope) -> bool:
    return any(name == b"x-api-key" for name, _ in scope["headers"])


async def _too_many(scope: Scope, send: Send, decision: Decision) -> None:
    retry = _retry_after(decision.reset_after)
    body = problem(
        429, f"too many requests: retry after {retry} s", code="rate_limited", instance=scope["path"]
    )
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"retry-after", str(retry).encode()),
                *_headers(decision),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _encoder.encode(body), "more_body": False})
