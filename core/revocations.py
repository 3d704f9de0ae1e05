"""The revocation feed: every process learns which sessions were revoked and which API keys.

An access token is verified without asking identity, so a signed-out session's token would
stay valid until it expires. Identity puts the session id on its own codec's denylist at once
(``TokenCodec.revoke``); this feed carries it to every other process:

- NATS bus (split mode): events are load-balanced per subscribing domain, so the bus's own
  consumers would tell one process only. Each process therefore reads ``SessionRevoked`` and
  ``ApiKeyRevoked`` from the event stream with its own ordered, ephemeral consumer, starting
  ``access_token_ttl`` seconds back, so a process started later learns the revocations
  whose tokens could still be alive.
- In-process bus with ``REDIS_URL`` (several single-mode processes): identity announces each
  revocation in Redis (a sorted set by expiry plus a pub/sub message); every process loads the
  set at start and on reconnect, then listens.
- Neither: one process, whose denylist identity fills directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
import structlog

from core.messages import decode_envelope

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

    from core.security import TokenCodec

log = structlog.get_logger("mercato.revocations")
SESSION_REVOKED = "identity.SessionRevoked"
API_KEY_REVOKED = "identity.ApiKeyRevoked"
REDIS_SET = "mercato:revoked-sessions"
REDIS_CHANNEL = "mercato:revocations"


class _Revoked(msgspec.Struct, frozen=True):
    session_id: str | None = None
    api_key_id: str | None = None


_payload = msgspec.json.Decoder(_Revoked)


class Feed(Protocol):
    async def announce(self, kind: str, ident: str, until: float) -> None:
        """Tell the other processes (``kind`` is "session" or "api_key")."""
        ...

    async def close(self) -> None: ...


class NatsFeed:
    """Reads the two revocation events from the JetStream stream, in every process."""

    def __init__(self, tokens: TokenCodec, url: str, prefix: str) -> None:
        self._tokens, self._url, self._prefix = tokens, url, prefix
        self._nc: Any = None

    async def start(self) -> None:
        import nats
        from nats.js.api import DeliverPolicy

        self._nc = await nats.connect(self._url, name="mercato-revocations", max_reconnect_attempts=-1)
        js = self._nc.jetstream()
        since = datetime.now(UTC) - timedelta(seconds=self._tokens.access_ttl)
        await js.subscribe(
            f"{self._prefix}.events.{SESSION_REVOKED}",
            cb=self._on_event,
            ordered_consumer=True,
            deliver_policy=DeliverPolicy.BY_START_TIME,
            config=_start_time(since),
        )
        await js.subscribe(
            f"{self._prefix}.events.{API_KEY_REVOKED}",
            cb=self._on_event,
            ordered_consumer=True,
            deliver_policy=DeliverPolicy.NEW,
        )

    async def _on_event(self, msg: Any) -> None:
        try:
            envelope = decode_envelope(msg.data)
            revoked = _payload.decode(envelope.payload)
        except (msgspec.DecodeError, ValueError):
            log.warning("undecodable revocation event skipped")
            return
        if revoked.session_id:
            self._tokens.revoke_session(
                revoked.session_id, until=envelope.occurred_at.timestamp() + self._tokens.access_ttl
            )
        if revoked.api_key_id:
            self._tokens.api_keys.forget(revoked.api_key_id)

    async def announce(self, kind: str, ident: str, until: float) -> None:
        return None  # identity's event, relayed from its outbox, is the announcement

    async def close(self) -> None:
        if self._nc is not None and not self._nc.is_closed:
            await self._nc.close()


def _start_time(since: datetime) -> Any:
    from nats.js.api import ConsumerConfig

    return ConsumerConfig(opt_start_time=since)


class RedisFeed:
    """Announces revocations in Redis and keeps this process's denylist in step with it."""

    def __init__(self, tokens: TokenCodec, url: str) -> None:
        import redis.asyncio as aioredis

        self._tokens = tokens
        self._redis = aioredis.from_url(url)
        self._listener: asyncio.Task[None] | None = None
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="revocations.redis")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._subscribed.wait(), timeout=5)

    async def announce(self, kind: str, ident: str, until: float) -> None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                if kind == "session":
                    pipe.zadd(REDIS_SET, {ident: until})
                    pipe.zremrangebyscore(REDIS_SET, "-inf", time.time())
                pipe.publish(REDIS_CHANNEL, f"{kind}:{ident}:{until}")
                await pipe.execute()
        except Exception as exc:  # noqa: BLE001 - logged: this process has revoked it already
            log.warning("revocation not announced in Redis", kind=kind, error=str(exc))

    async def _listen(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(REDIS_CHANNEL)
                    found: list[Any] = await self._redis.zrangebyscore(
                        REDIS_SET, time.time(), "+inf", withscores=True
                    )
                    for sid, until in found:
                        self._tokens.revoke_session(bytes(sid).decode(), until=float(until))
                    self._subscribed.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._apply(message["data"].decode())
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - reconnect and reload the set
                log.warning("revocation feed lost Redis; retrying", error=str(exc))
                await asyncio.sleep(1)

    def _apply(self, raw: str) -> None:
        kind, _, rest = raw.partition(":")
        ident, _, until = rest.partition(":")
        if kind == "session":
            self._tokens.revoke_session(ident, until=float(until or time.time() + self._tokens.access_ttl))
        elif kind == "api_key":
            self._tokens.api_keys.forget(ident)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await self._redis.aclose()


def revocations(settings: Any, tokens: TokenCodec) -> Callable[[Any], AbstractAsyncContextManager[None]]:
    """A Litestar lifespan hook running this process's revocation feed (after the bus is up)."""

    @contextlib.asynccontextmanager
    async def feed(_: Any) -> AsyncIterator[None]:
        running: NatsFeed | RedisFeed | None = None
        if settings.bus_kind == "nats":
            running = NatsFeed(tokens, settings.nats_url or "nats://127.0.0.1:4222", settings.nats_prefix)
        elif settings.redis_url:
            running = RedisFeed(tokens, settings.redis_url)
        try:
            if running is not None:
                await running.start()
                tokens.feed = running
            yield
        finally:
            tokens.feed = None
            if running is not None:
                await running.close()

    return feed


__all__ = ["Feed", "NatsFeed", "RedisFeed", "revocations"]
