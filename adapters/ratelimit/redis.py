"""Rate limits and failure counters in Redis (``REDIS_URL``): every process shares one budget.

Each call is one Lua script, so counting is atomic across processes; time is the Redis server's
(``TIME``), so processes with skewed clocks agree. Limits are GCRA, as in the memory store.

Cheap when far from a limit: requests waiting at the same time share one call; and a key whose
last answer left more than a tenth of a large limit (``limit >= LOCAL_MIN_LIMIT``) is admitted
in process, its hits sent to Redis within ``SYNC_SECONDS``. Near the limit, and for small limits,
every request waits for Redis: a process can overshoot a large limit by at most a tenth of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from core.errors import Unavailable
from core.ratelimit import Decision

if TYPE_CHECKING:
    from core.ratelimit import LockoutPolicy

PREFIX = "mercato:ratelimit:"
MAX_BATCH = 256  # requests per call to Redis
LOCAL_MIN_LIMIT = 100  # smaller limits are always asked of Redis
SYNC_SECONDS = 0.05  # hits let through in process reach Redis this soon
FRESH_SECONDS = 1.0  # an answer older than this is asked again
MAX_KNOWN = 10_000  # answers kept before stale ones are dropped

# A batch of requests, each counted against its limits. KEYS every request's keys in turn;
# ARGV the number of requests, then per request its number of keys, 1 if it is forced (hits
# already let through in process) else 0, and (limit, window ms, hits) per key.
# Returns allowed, remaining, reset (ms) per key; a request counts only when all its keys allow it.
HIT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local cache, dirty, out = {}, {}, {}
local k, a = 1, 2
for r = 1, tonumber(ARGV[1]) do
  local n = tonumber(ARGV[a])
  local forced = ARGV[a + 1] == '1'
  a = a + 2
  local ok, new = true, {}
  for i = 1, n do
    local key = KEYS[k + i - 1]
    local limit = tonumber(ARGV[a + 3 * i - 3])
    local window = tonumber(ARGV[a + 3 * i - 2])
    local hits = tonumber(ARGV[a + 3 * i - 1])
    local interval = window / limit
    local tat = cache[key]
    if tat == nil then
      tat = tonumber(redis.call('GET', key) or now)
      cache[key] = tat
    end
    if tat < now then tat = now end
    local new_tat = tat + interval * hits
    local allow_at = new_tat - window
    if allow_at > now + 0.001 and not forced then
      ok = false
      out[#out + 1] = 0
      out[#out + 1] = 0
      out[#out + 1] = math.ceil(allow_at - now)
    else
      out[#out + 1] = 1
      out[#out + 1] = math.max(0, math.floor((window - (new_tat - now)) / interval + 0.000001))
      out[#out + 1] = math.ceil(new_tat - now)
    end
    new[i] = new_tat
  end
  if ok then
    for i = 1, n do
      cache[KEYS[k + i - 1]] = new[i]
      dirty[KEYS[k + i - 1]] = true
    end
  end
  k = k + n
  a = a + 3 * n
end
for key in pairs(dirty) do
  redis.call('SET', key, string.format('%.3f', cache[key]), 'PX', math.max(1, math.ceil(cache[key] - now)))
end
return out
"""
# KEYS[1] the counter; ARGV window (ms). +1, remembered for the window after the last failure.
FAIL = """
local count = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return count
"""
# KEYS[1] the lock; ARGV seconds (ms). A longer lock already there is kept, and becomes a failure's
# lock ('1'): no reservation may lift it any more.
LOCK = """
local ms = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left > ms then ms = left end
redis.call('SET', KEYS[1], '1', 'PX', ms)
return 1
"""
# Reserve one try on several keys, or on none while one is locked. KEYS per key its counter then its
# lock; ARGV per key the failures' memory (ms) and its LockoutPolicy: free, delay (ms), max delay
# (ms), lock after, lock (ms). The wait is LockoutPolicy.wait_after's, written again in Lua. Returns
# {0, count per key}, or {the longest lock left (ms)} when a key is locked (nothing counted then).
# A lock a reservation sets holds 'r<count>', so that RELEASE lifts it only if it is still that one.
TAKE = """
local worst = 0
for i = 2, #KEYS, 2 do
  local left = redis.call('PTTL', KEYS[i])
  if left > worst then worst = left end
end
if worst > 0 then return {worst} end
local out = {0}
for i = 1, #KEYS / 2 do
  local a = (i - 1) * 6
  local count = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('PEXPIRE', KEYS[2 * i - 1], ARGV[a + 1])
  local free, delay, most = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local lock_after, lock = tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6])
  local wait = 0
  if count >= lock_after then
    wait = lock
  elseif count > free then
    wait = math.min(most, delay * 2 ^ (count - free - 1))
  end
  if wait > 0 then
    redis.call('SET', KEYS[2 * i], 'r' .. count, 'PX', math.max(1, math.floor(wait + 0.5)))
  end
  out[#out + 1] = count
end
return out
"""
# Give reserved tries back. KEYS per key its counter then its lock; ARGV per key the count its
# reservation got. -1 failure (never below 0), and the reservation's own lock is lifted.
RELEASE = """
for i = 1, #ARGV do
  if tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0') > 0 then
    redis.call('DECR', KEYS[2 * i - 1])
  end
  if redis.call('GET', KEYS[2 * i]) == 'r' .. ARGV[i] then
    redis.call('DEL', KEYS[2 * i])
  end
end
return 1
"""


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
        raise Unavailable("the rate-limit store did not answer") from exc


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class _Known:
    """What Redis last said of one key, and the hits let through in process since."""

    __slots__ = ("at", "local", "remaining", "reset_after")

    def __init__(self) -> None:
        self.remaining = 0
        self.reset_after = 0.0
        self.at = 0.0  # monotonic time of the answer
        self.local = 0  # hits let through in process, not yet counted in an answer


Hits = list[tuple[str, int, float]]
Request = tuple[Hits, bool, list[int], "asyncio.Future[list[Decision]] | None"]


class RedisRateLimitStore:
    """``RateLimitStore`` over ``redis.asyncio``; keys are ``<prefix>{r,f,l}:<key>``."""

    def __init__(self, client: aioredis.Redis, *, prefix: str = PREFIX, owns_client: bool = True) -> None:
        self._client = client
        self._prefix = prefix
        self._owns_client = owns_client
        self._hit = client.register_script(HIT)
        self._fail = client.register_script(FAIL)
        self._lock = client.register_script(LOCK)
        self._take = client.register_script(TAKE)
        self._release = client.register_script(RELEASE)
        self._pending: list[Request] = []
        self._flusher: asyncio.Task[None] | None = None
        self._known: dict[str, _Known] = {}
        self._unsent: dict[str, tuple[int, float, int]] = {}  # key -> limit, window, hits
        self._sync: asyncio.TimerHandle | None = None

    @classmethod
    def from_url(cls, url: str, *, prefix: str = PREFIX) -> RedisRateLimitStore:
        return cls(aioredis.Redis.from_url(url), prefix=prefix)

    async def hit(self, key: str, limit: int, window: float) -> Decision:
        return (await self.hit_many([(key, limit, window)]))[0]

    async def hit_many(self, hits: Sequence[tuple[str, int, float]]) -> list[Decision]:
        """Count one request against every limit, or (when one refuses) against none."""
        now = time.monotonic()
        if all(self._far(key, limit, now) for key, limit, _ in hits):
            return self._local(hits)
        waiting: asyncio.Future[list[Decision]] = asyncio.get_running_loop().create_future()
        self._pending.append((list(hits), False, [1] * len(hits), waiting))
        self._start()
        return await waiting

    def _far(self, key: str, limit: int, now: float) -> bool:
        """Whether ``key`` is so far from its limit that this process may count it alone a while."""
        known = self._known.get(key)
        if known is None or limit < LOCAL_MIN_LIMIT or now - known.at > FRESH_SECONDS:
            return False
        margin = limit // 10
        return known.local < margin and known.remaining - known.local > margin

    def _local(self, hits: Sequence[tuple[str, int, float]]) -> list[Decision]:
        decisions = []
        for key, limit, window in hits:
            known = self._known[key]
            known.local += 1
            _, _, unsent = self._unsent.get(key, (limit, window, 0))
            self._unsent[key] = (limit, window, unsent + 1)
            decisions.append(
                Decision(
                    allowed=True,
                    limit=limit,
                    remaining=known.remaining - known.local,
                    reset_after=known.reset_after,
                )
            )
        if self._sync is None:
            self._sync = asyncio.get_running_loop().call_later(SYNC_SECONDS, self._tick)
        return decisions

    def _start(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="ratelimit.redis.flush")

    def _take_unsent(self) -> None:
        """Queue the hits let through in process, to be counted whatever Redis says."""
        if self._sync is not None:
            self._sync.cancel()
            self._sync = None
        for key, (limit, window, hits) in self._unsent.items():
            self._pending.append(([(key, limit, window)], True, [hits], None))
        self._unsent = {}

    def _tick(self) -> None:
        self._sync = None
        self._start()

    async def _flush(self) -> None:
        while True:
            self._take_unsent()
            if not self._pending:
                break
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            keys: list[str] = []
            args: list[int] = [len(batch)]
            for hits, forced, counts, _ in batch:
                args += [len(hits), int(forced)]
                for (key, limit, window), count in zip(hits, counts, strict=True):
                    keys.append(f"{self._prefix}r:{key}")
                    args += [limit, _ms(window), count]
            try:
                with _answering():
                    found: list[Any] = await self._hit(keys=keys, args=args)
            except Exception as exc:  # noqa: BLE001 - handed to every waiting request
                for _, _, _, waiting in batch:
                    if waiting is not None and not waiting.done():
                        waiting.set_exception(exc)
                continue
            self._answered(batch, found)
        if len(self._known) > MAX_KNOWN:
            stale = time.monotonic() - FRESH_SECONDS
            self._known = {k: v for k, v in self._known.items() if v.at > stale or v.local}

    def _answered(self, batch: list[Request], found: list[Any]) -> None:
        now = time.monotonic()
        at = 0
        for hits, forced, counts, waiting in batch:
            decisions = []
            for (key, limit, _), count in zip(hits, counts, strict=True):
                decision = Decision(
                    allowed=bool(found[at]),
                    limit=limit,
                    remaining=max(0, int(found[at + 1])),
                    reset_after=int(found[at + 2]) / 1000,
                )
                at += 3
                decisions.append(decision)
                known = self._known.get(key)
                if known is None:
                    known = self._known[key] = _Known()
                if forced:
                    known.local = max(0, known.local - count)
                known.remaining, known.reset_after, known.at = decision.remaining, decision.reset_after, now
            if waiting is not None and not waiting.done():
                waiting.set_result(decisions)

    async def failures(self, key: str) -> int:
        with _answering():
            count = await self._client.get(f"{self._prefix}f:{key}")
        return int(count) if count else 0

    async def fail(self, key: str, window: float) -> int:
        with _answering():
            count = await self._fail(keys=[f"{self._prefix}f:{key}"], args=[_ms(window)])
        return int(count)

    async def locked_for(self, key: str) -> float:
        with _answering():
            left = await self._client.pttl(f"{self._prefix}l:{key}")
        return max(0, int(left)) / 1000

    async def lock(self, key: str, seconds: float) -> None:
        with _answering():
            await self._lock(keys=[f"{self._prefix}l:{key}"], args=[_ms(seconds)])

    async def clear(self, key: str) -> None:
        with _answering():
            await self._client.delete(f"{self._prefix}f:{key}", f"{self._prefix}l:{key}")

    async def take(self, tries: Sequence[tuple[str, LockoutPolicy]]) -> tuple[float, list[int]]:
        keys: list[str] = []
        args: list[int] = []
        for key, policy in tries:
            keys += [f"{self._prefix}f:{key}", f"{self._prefix}l:{key}"]
            args += [
                _ms(policy.memory),
                policy.free,
                round(policy.delay * 1000),
                round(policy.max_delay * 1000),
                policy.lock_after,
                round(policy.lock_seconds * 1000),
            ]
        if not keys:
            return 0.0, []
        with _answering():
            found: list[Any] = await self._take(keys=keys, args=args)
        if int(found[0]) > 0:
            return int(found[0]) / 1000, []
        return 0.0, [int(count) for count in found[1:]]

    async def release(self, taken: Sequence[tuple[str, int]]) -> None:
        keys: list[str] = []
        for key, _ in taken:
            keys += [f"{self._prefix}f:{key}", f"{self._prefix}l:{key}"]
        if not keys:
            return
        with _answering():
            await self._release(keys=keys, args=[count for _, count in taken])

    async def close(self) -> None:
        if self._unsent:
            self._start()
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        if self._sync is not None:
            self._sync.cancel()
        if self._owns_client:
            await self._client.aclose()
