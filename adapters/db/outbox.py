"""The outbox store of the relay: a dedicated connection that LISTENs and leads."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime
from typing import Any

import asyncpg

from adapters.db.uow import NOTIFY_CHANNEL
from core.outbox import PendingEvent

# Any constant: only one relay across all processes holds this advisory lock.
RELAY_LOCK = 0x6D657263

PENDING = """
SELECT seq, key, envelope, attempts, next_attempt_at FROM runtime_outbox
WHERE published_at IS NULL AND NOT dead
  AND (next_attempt_at <= now() OR key = '')
  AND NOT (key <> '' AND key IN (
      SELECT key FROM runtime_outbox
      WHERE published_at IS NULL AND NOT dead AND next_attempt_at > now() AND key <> ''))
ORDER BY seq LIMIT $1
"""
PUBLISHED = "UPDATE runtime_outbox SET published_at = now() WHERE seq = ANY($1::bigint[])"
FAILED = """
UPDATE runtime_outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, dead = $4
WHERE seq = $1
"""


class PgOutboxStore:
    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn: Any = None
        self._wake = asyncio.Event()
        self._leading = False
        # The relay publishes lanes concurrently; one connection runs one statement at a time.
        self._lock = asyncio.Lock()

    async def _connection(self) -> Any:
        if self._conn is None or self._conn.is_closed():
            self._leading = False
            self._conn = await asyncpg.connect(self._dsn)
            await self._conn.add_listener(NOTIFY_CHANNEL, self._notified)
        return self._conn

    def _notified(self, *_: object) -> None:
        self._wake.set()

    async def lead(self) -> bool:
        conn = await self._connection()
        if not self._leading:
            self._leading = bool(await conn.fetchval("SELECT pg_try_advisory_lock($1)", RELAY_LOCK))
        return self._leading

    async def pending(self, limit: int) -> list[PendingEvent]:
        conn = await self._connection()
        self._wake.clear()
        rows = await conn.fetch(PENDING, limit)
        return [
            PendingEvent(r["seq"], r["key"], bytes(r["envelope"]), r["attempts"], r["next_attempt_at"])
            for r in rows
        ]

    async def published(self, seqs: list[int]) -> None:
        async with self._lock:
            conn = await self._connection()
            await conn.execute(PUBLISHED, seqs)

    async def failed(self, seq: int, error: str, retry_at: datetime, dead: bool) -> None:
        async with self._lock:
            conn = await self._connection()
            await conn.execute(FAILED, seq, error[:2000], retry_at, dead)

    async def wait(self, timeout: float) -> None:
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await self._wake.wait()

    async def close(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            await self._conn.close()
        self._conn = None
        self._leading = False
