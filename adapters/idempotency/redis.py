"""Idempotency keys in Redis (``REDIS_URL``): one hash per key, expiring by itself after the TTL.

Each step is one Lua script, so a claim, a takeover, a finish or a release is atomic; leases are
measured on the Redis server's clock (``TIME``), so processes with skewed clocks agree.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from typing import Any

import msgspec
import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import Unavailable
from core.idempotency import Claim, StoredReply

PREFIX = "mercato:idempotency:"

# KEYS[1] the record; ARGV fingerprint, token, lease ms, ttl ms
BEGIN = """
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local found = redis.call('HMGET', KEYS[1], 'fingerprint', 'state', 'locked_until')
if found[1] then
  if found[1] ~= ARGV[1] then return {'mismatch'} end
  if found[2] == 'done' then
    local reply = redis.call('HMGET', KEYS[1], 'status', 'body', 'headers')
    return {'replay', reply[1], reply[2], reply[3]}
  end
  if tonumber(found[3]) > now then return {'in_flight'} end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'running', 'owner', ARGV[2],
  'locked_until', string.format('%.0f', now + tonumber(ARGV[3])))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {'new'}
"""
# KEYS[1] the record; ARGV token, status, body, headers, ttl ms
FINISH = """
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'state') ~= 'running' then
  return 0
end
redis.call('HDEL', KEYS[1], 'owner', 'locked_until')
redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[2], 'body', ARGV[3], 'headers', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
"""
# KEYS[1] the record; ARGV token
RELEASE = """
if redis.call('HGET', KEYS[1], 'owner') == ARGV[1] and redis.call('HGET', KEYS[1], 'state') == 'running' then
  return redis.call('DEL', KEYS[1])
end
return 0
"""
_HEADERS = msgspec.json.Decoder(list[tuple[str, str]])


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
        raise Unavailable("the idempotency store did not answer") from exc


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


class RedisIdempotencyStore:
    """``IdempotencyStore`` over ``redis.asyncio``; keys are ``<prefix><scope>:<key>``."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = PREFIX, owns_client: bool = True) -> None:
        self._client = client
        self._prefix = prefix
        self._owns_client = owns_client
        self._begin = client.register_script(BEGIN)
        self._finish = client.register_script(FINISH)
        self._release = client.register_script(RELEASE)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = PREFIX) -> RedisIdempotencyStore:
        return cls(aioredis.Redis.from_url(url), prefix=prefix)

    def _key(self, scope: str, key: str) -> str:
        return f"{self._prefix}{scope}:{key}"

    async def begin(self, scope: str, key: str, fingerprint: str, *, lease: float, ttl: float) -> Claim:
        token = uuid.uuid4().hex
        with _answering():
            found: list[Any] = await self._begin(
                keys=[self._key(scope, key)], args=[fingerprint, token, _ms(lease), _ms(ttl)]
            )
        outcome = found[0].decode() if isinstance(found[0], bytes) else str(found[0])
        if outcome == "new":
            return Claim(outcome="new", token=token)
        if outcome == "replay":
            status, body, headers = found[1], found[2] or b"", found[3]
            reply = StoredReply(
                status=int(status), body=bytes(body), headers=_HEADERS.decode(headers or b"[]")
            )
            return Claim(outcome="replay", reply=reply)
        return Claim(outcome="mismatch" if outcome == "mismatch" else "in_flight")

    async def finish(self, scope: str, key: str, token: str, reply: StoredReply, *, ttl: float) -> bool:
        headers = msgspec.json.encode(reply.headers)
        done = await self._finish(
            keys=[self._key(scope, key)], args=[token, reply.status, reply.body, headers, _ms(ttl)]
        )
        return bool(done)

    async def release(self, scope: str, key: str, token: str) -> None:
        await self._release(keys=[self._key(scope, key)], args=[token])

    async def close(self) -> None:
        if self._owns_client:
            await self._client.aclose()
