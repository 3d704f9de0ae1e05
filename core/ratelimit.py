"""Rate limits and brute-force guards: the store port, ``Attempts`` and the ASGI middleware.

Two things are built on one ``RateLimitStore`` (in memory, or Redis when ``REDIS_URL`` is set, so
every process of a split deployment shares one budget):

- ``rate_limit_middleware`` limits requests per client IP, per customer, per API key and per route
  group (a GCRA limit: ``limit`` requests per ``window`` seconds, bursts included) and answers 429
  problem+json with ``Retry-After`` and the IETF ``RateLimit-*`` headers. It runs before the API key
  is checked, so a sent ``X-API-Key`` only ever adds its own bucket: the caller of the per-customer and
  per-group limits is a verified bearer token's, else the client IP.
- ``Attempts`` guards secrets that can be guessed (passwords, TOTP codes, reset tokens, coupon codes):
  after a few failures each further one adds a growing delay, then the key is locked for a while.
  Each try is reserved (counted as a failure) before it is made, so concurrent tries cannot all slip
  past one check; a try that turns out not to be a wrong guess gives its reservation back.

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

    async def take(self, tries: Sequence[tuple[str, LockoutPolicy]]) -> tuple[float, list[int]]:
        """Reserve one try on every key at once, or on none while one of them is locked.

        Free: +1 failure on each key (remembered ``policy.memory`` seconds after the last), which
        is locked for ``policy.wait_after(count)`` seconds when that is > 0, so the next try waits
        for this one; returns (0.0, the counts). Locked: (the longest wait left, []), nothing counted.
        """
        ...

    async def release(self, taken: Sequence[tuple[str, int]]) -> None:
        """Give back reserved tries that were no wrong guess: -1 failure on each key, and the lock
        its reservation (``take`` counting to that number) set is lifted, unless since replaced."""
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

    @property
    def memory(self) -> float:
        """How long failures are kept after the last one: a lockout never forgets its own count."""
        return max(self.window, self.lock_seconds)

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
    """A brute-force guard: ``guarding`` reserves each try before it is made and settles it after.

    ``check``, ``failed`` and ``succeeded`` are the parts, for counting what is not a guessed secret
    (each request for a mail) where a reservation is not needed.
    """

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
            raise _refused(wait)

    async def failed(self, *keys: str) -> None:
        """Count a failure on each key; past a few, delay the next try; at the maximum, lock."""
        for key in keys:
            count = await self.store.fail(_stored(key), self.policy(key).memory)
            await self._counted(key, count)

    async def succeeded(self, *keys: str) -> None:
        """Clear the account keys (not the IP keys: only time forgets an IP's failures)."""
        for key in keys:
            if IP_MARK not in key:
                await self.store.clear(_stored(key))

    async def reserve(self, *keys: str) -> dict[str, int]:
        """Count one try on every key before it is made (429 while one is delayed or locked).

        Returns each key's count, for ``settle``. Between the two the keys are delayed as if the
        try had failed, so concurrent tries against one account are refused, not evaluated.
        """
        keys = tuple(dict.fromkeys(keys))
        wait, counts = await self.store.take([(_stored(key), self.policy(key)) for key in keys])
        if wait > 0:
            raise _refused(wait)
        return dict(zip(keys, counts, strict=True))

    async def settle(
        self, reserved: Mapping[str, int], *, failed: Sequence[str] = (), clear: bool = False
    ) -> None:
        """The outcome of a reserved try: the ``failed`` keys keep their failure (and delay, or lock);
        ``clear`` (a success) clears the account keys; every other key gets its reservation back."""
        for key in dict.fromkeys(failed):
            await self._counted(key, reserved[key])
        cleared = [key for key in reserved if clear and key not in failed and IP_MARK not in key]
        for key in cleared:
            await self.store.clear(_stored(key))
        back = [
            (_stored(key), count)
            for key, count in reserved.items()
            if key not in failed and key not in cleared
        ]
        if back:
            await self.store.release(back)

    async def _counted(self, key: str, count: int) -> None:
        """A failure (the ``count``-th) is in: delay or lock the key from now, alert staff of a lockout."""
        policy = self.policy(key)
        wait, locked = policy.wait_after(count)
        if wait <= 0:
            return
        await self.store.lock(_stored(key), wait)
        if locked and count == policy.lock_after:
            log.warning("locked out after failed attempts", key=key, failures=count, seconds=wait)
            if self.on_lockout is not None:
                try:
                    await self.on_lockout(key, count, wait)
                except Exception:
                    log.exception("lockout alert failed", key=key)

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

        Reserves the try on the account and IP keys of ``kind`` first (429 while delayed or
        locked): it counts as a failure until it is known not to be one. A ``failures`` error
        raised inside keeps the failure; success clears the account key; anything else (another
        error, a cancellation) gives the reservation back. ``fields`` sends an error naming a field
        to another kind's keys (``{"totp_code": "totp"}``, reserved too), or to none (``None``: not
        a guess, such as a code not sent yet). ``clear=False`` keeps the count after a success (a
        right coupon code must not pay for more guesses).
        """
        own = [account_key(kind, identity), ip_key(kind, connection)]
        others = {
            field: [account_key(other, identity), ip_key(other, connection)] if other else []
            for field, other in (fields or {}).items()
        }
        reserved = await self.reserve(*own, *(key for keys in others.values() for key in keys))
        try:
            yield
        except failures as exc:
            named = [others[e.field] for e in exc.errors if e.field in others]
            await self.settle(reserved, failed=named[0] if named else own)
            raise
        except BaseException:
            try:
                await self.settle(reserved)
            except Exception:  # the try's own error is the one to answer with
                log.warning("could not give back a reserved attempt", keys=list(reserved), exc_info=True)
            raise
        await self.settle(reserved, clear=clear)


def _refused(wait: float) -> RateLimited:
    return RateLimited("too many failed attempts: try again later", retry_after=_retry_after(wait))


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
    """("customer"|"staff"|"api_key", id) of a verified caller, without a second JWT check.

    A principal already in the scope, else a valid bearer token (verified here once and left in
    the scope for ``core.guards.principal_of``). An ``X-API-Key`` is not verified yet (the API-key
    middleware runs after the limits), so it never names the caller: see ``_unchecked_api_key``.
    """
    from core.security import Principal

    state = scope.setdefault("state", {})
    cached = state.get("principal")
    if isinstance(cached, Principal):
        return (cached.kind, cached.subject)
    authorization = b""
    for name, value in scope["headers"]:
        if name == b"authorization":
            authorization = value
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        principal = scope["app"].state.tokens.verify(token.strip())
    except Exception:  # noqa: BLE001 - a bad token is the route guard's 401 to give
        return None
    if isinstance(principal, Principal):
        state["principal"] = principal  # core.guards.principal_of reuses it: one verification
        return (principal.kind, principal.subject)
    return None


def _unchecked_api_key(scope: Scope) -> str | None:
    """A digest of the ``X-API-Key`` sent, not yet checked: it may only have a bucket of its own."""
    for name, value in scope["headers"]:
        if name == b"x-api-key" and value.strip():
            return hashlib.sha256(value.strip()).hexdigest()[:32]
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
        who = f"ip:{ip}"  # whose group bucket: a verified caller's, else the IP's
        caller = _caller(scope)
        if caller is not None:  # a valid bearer token wins over an X-API-Key, as downstream
            kind, subject = caller
            who = f"{kind}:{subject}"
            if kind == "customer":
                hits.append((who, limits.customer, window))
            elif kind == "api_key":
                hits.append((who, limits.api_key, window))
        else:
            unchecked = _unchecked_api_key(scope)
            if unchecked is not None:  # made-up keys add buckets, never budgets: the IP's still apply
                hits.append((f"api_key:{unchecked}", limits.api_key, window))
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
