"""Idempotency keys in PostgreSQL (``runtime_idempotency``): the default store, shared by every process.

A key is claimed by one ``INSERT ... ON CONFLICT DO UPDATE ... WHERE``: it inserts a fresh
claim, or takes over a record that expired or whose lease ran out (same fingerprint only);
otherwise it leaves the record alone and a read tells which. Times are the server's ``now()``,
so processes with skewed clocks agree. Expired rows count as absent and are swept now and then.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterator
from typing import Any

import asyncpg
import msgspec
import structlog

from core.errors import Unavailable
from core.idempotency import Claim, StoredReply

log = structlog.get_logger("mercato.idempotency")

CLAIM = """
INSERT INTO runtime_idempotency AS r (scope, key, fingerprint, state, owner, locked_until, expires_at)
VALUES ($1, $2, $3, 'running', $4, now() + make_interval(secs => $5), now() + make_interval(secs => $6))
ON CONFLICT (scope, key) DO UPDATE
SET fingerprint = EXCLUDED.fingerprint, state = 'running', owner = EXCLUDED.owner, status = NULL,
    body = NULL, headers = NULL, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
    created_at = now()
WHERE r.expires_at <= now()
   OR (r.state = 'running' AND r.locked_until <= now() AND r.fingerprint = EXCLUDED.fingerprint)
RETURNING owner
"""
FOUND = """
SELECT fingerprint, state, status, body, headers, locked_until > now() AS locked
FROM runtime_idempotency WHERE scope = $1 AND key = $2 AND expires_at > now()
"""
FINISH = """
UPDATE runtime_idempotency
SET state = 'done', owner = NULL, status = $4, body = $5, headers = $6::jsonb, locked_until = NULL,
    expires_at = now() + make_interval(secs => $7)
WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'running'
"""
RELEASE = "DELETE FROM runtime_idempotency WHERE scope = $1 AND key = $2 AND owner = $3 AND state = 'running'"
SWEEP = """
DELETE FROM runtime_idempotency WHERE ctid = ANY(ARRAY(
    SELECT ctid FROM runtime_idempotency WHERE expires_at <= now() LIMIT $1))
"""
_HEADERS = msgspec.json.Decoder(list[tuple[str, str]])
_UNREACHABLE = (OSError, TimeoutError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError)


@contextlib.contextmanager
def _answering() -> Iterator[None]:
    try:
        yield
    except _UNREACHABLE as exc:
        raise Unavailable("the idempotency store did not answer") from exc


class PgIdempotencyStore:
    """``IdempotencyStore`` over an asyncpg pool (the app's engine pool; not closed here)."""

    def __init__(self, pool: Any, *, sweep_every: float = 60.0, sweep_batch: int = 1000) -> None:
        self._pool = pool
        self._sweep_every = sweep_every
        self._sweep_batch = sweep_batch
        self._swept_at = time.monotonic()
        self._sweeper: asyncio.Task[int] | None = None

    async def begin(self, scope: str, key: str, fingerprint: str, *, lease: float, ttl: float) -> Claim:
        self._maybe_sweep()
        token = uuid.uuid4().hex
        with _answering():
            for _ in range(3):  # the record may vanish (released, expired) between the two statements
                owner = await self._pool.fetchval(
                    CLAIM, scope, key, fingerprint, token, float(lease), float(ttl)
                )
                if owner == token:
                    return Claim(outcome="new", token=token)
                row = await self._pool.fetchrow(FOUND, scope, key)
                if row is None:
                    continue
                if row["fingerprint"] != fingerprint:
                    return Claim(outcome="mismatch")
                if row["state"] == "done":
                    headers = _HEADERS.decode(row["headers"]) if row["headers"] else []
                    reply = StoredReply(status=row["status"], body=bytes(row["body"]), headers=headers)
                    return Claim(outcome="replay", reply=reply)
                if row["locked"]:
                    return Claim(outcome="in_flight")
        return Claim(outcome="in_flight")

    async def finish(self, scope: str, key: str, token: str, reply: StoredReply, *, ttl: float) -> bool:
        headers = msgspec.json.encode(reply.headers).decode()
        done = await self._pool.execute(
            FINISH, scope, key, token, reply.status, reply.body, headers, float(ttl)
        )
        return bool(done == "UPDATE 1")

    async def release(self, scope: str, key: str, token: str) -> None:
        await self._pool.execute(RELEASE, scope, key, token)

    async def sweep(self) -> int:
        """Delete up to a batch of expired records; return how many went."""
        done = await self._pool.execute(SWEEP, self._sweep_batch)
        return int(done.split()[-1])

    def _maybe_sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept_at < self._sweep_every or (self._sweeper and not self._sweeper.done()):
            return
        self._swept_at = now
        self._sweeper = asyncio.create_task(self._sweep_quietly(), name="idempotency.sweep")

    async def _sweep_quietly(self) -> int:
        try:
            return await self.sweep()
        except Exception:
            log.warning("sweeping expired idempotency keys failed", exc_info=True)
            return 0

    async def close(self) -> None:
        if self._sweeper is not None:
            await asyncio.gather(self._sweeper, return_exceptions=True)
