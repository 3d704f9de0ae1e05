"""Rate limits and failure counters in this process's memory (one process; lost on restart).

Limits are GCRA (generic cell rate algorithm): one "theoretical arrival time" per key, so a limit
of ``limit`` requests per ``window`` seconds allows a burst of ``limit`` and then one request every
``window / limit`` seconds. The clock is injectable so tests can move time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from core.ratelimit import Decision

if TYPE_CHECKING:
    from core.ratelimit import LockoutPolicy

SWEEP_EVERY = 10_000  # writes between sweeps of expired entries


class MemoryRateLimitStore:
    """``RateLimitStore`` in a dict; the event loop makes each call atomic."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tat: dict[str, float] = {}  # key -> theoretical arrival time
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, expires at)
        self._locks: dict[str, float] = {}  # key -> locked until
        self._holders: dict[str, int] = {}  # key -> the reserved try (its count) that set the lock
        self._writes = 0

    def _decide(self, key: str, limit: int, window: float, now: float) -> tuple[Decision, float]:
        """The decision on one more request, and the key's arrival time if it is let through."""
        interval = window / limit
        new_tat = max(self._tat.get(key, now), now) + interval
        allow_at = new_tat - window
        if allow_at > now + 1e-9:
            return Decision(allowed=False, limit=limit, remaining=0, reset_after=allow_at - now), new_tat
        remaining = max(0, math.floor((window - (new_tat - now)) / interval + 1e-9))
        return Decision(allowed=True, limit=limit, remaining=remaining, reset_after=new_tat - now), new_tat

    def _wrote(self, now: float) -> None:
        self._writes += 1
        if self._writes % SWEEP_EVERY == 0:
            self._tat = {k: v for k, v in self._tat.items() if v > now}
            self._failures = {k: v for k, v in self._failures.items() if v[1] > now}
            self._locks = {k: v for k, v in self._locks.items() if v > now}
            self._holders = {k: v for k, v in self._holders.items() if k in self._locks}

    async def hit(self, key: str, limit: int, window: float) -> Decision:
        return (await self.hit_many([(key, limit, window)]))[0]

    async def hit_many(self, hits: Sequence[tuple[str, int, float]]) -> list[Decision]:
        """Count one request against every limit, or (when one refuses) against none."""
        now = self._clock()
        self._wrote(now)
        decided = [(key, *self._decide(key, limit, window, now)) for key, limit, window in hits]
        if all(decision.allowed for _, decision, _ in decided):
            for key, _, tat in decided:
                self._tat[key] = tat
        return [decision for _, decision, _ in decided]

    def _count(self, key: str, now: float) -> int:
        count, expires = self._failures.get(key, (0, 0.0))
        return count if expires > now else 0

    async def failures(self, key: str) -> int:
        return self._count(key, self._clock())

    async def fail(self, key: str, window: float) -> int:
        now = self._clock()
        self._wrote(now)
        count = self._count(key, now) + 1
        self._failures[key] = (count, now + window)
        return count

    async def locked_for(self, key: str) -> float:
        return max(0.0, self._locks.get(key, 0.0) - self._clock())

    async def lock(self, key: str, seconds: float) -> None:
        until = self._clock() + seconds
        if until > self._locks.get(key, 0.0):
            self._locks[key] = until
        self._holders.pop(key, None)  # a failure's lock now: no reservation may lift it

    async def clear(self, key: str) -> None:
        self._failures.pop(key, None)
        self._locks.pop(key, None)
        self._holders.pop(key, None)

    async def take(self, tries: Sequence[tuple[str, LockoutPolicy]]) -> tuple[float, list[int]]:
        """Reserve one try on every key, or on none while one is locked (no await: atomic)."""
        now = self._clock()
        self._wrote(now)
        wait = max((self._locks.get(key, 0.0) - now for key, _ in tries), default=0.0)
        if wait > 0:
            return wait, []
        counts = []
        for key, policy in tries:
            count = self._count(key, now) + 1
            self._failures[key] = (count, now + policy.memory)
            delay, _ = policy.wait_after(count)
            if delay > 0:
                self._locks[key] = now + delay
                self._holders[key] = count
            counts.append(count)
        return 0.0, counts

    async def release(self, taken: Sequence[tuple[str, int]]) -> None:
        now = self._clock()
        for key, count in taken:
            left = self._count(key, now)
            if left > 0:
                self._failures[key] = (left - 1, self._failures[key][1])
            if self._holders.get(key) == count:
                del self._holders[key]
                self._locks.pop(key, None)

    async def close(self) -> None:
        self._tat.clear()
        self._failures.clear()
        self._locks.clear()
        self._holders.clear()
