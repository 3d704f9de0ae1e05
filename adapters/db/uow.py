"""The PostgreSQL unit of work: a Piccolo transaction plus outbox and inbox rows."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Self

import structlog

from core.messages import Event, encode, wrap_here

if TYPE_CHECKING:
    from types import TracebackType

    from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

    from core.model import Aggregate

log = structlog.get_logger("mercato.uow")
NOTIFY_CHANNEL = "mercato_outbox"
_current: ContextVar[PgUnitOfWork | None] = ContextVar("pg_unit_of_work", default=None)

# The events of a unit of work and the relay's wake-up in one round trip (the notification is
# delivered at commit); rows keep the order the events were raised in (seq follows ORDER BY n).
WRITE_OUTBOX = f"""
WITH written AS (
    INSERT INTO runtime_outbox (id, type, key, envelope)
    SELECT e.id, e.type, e.key, e.envelope
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bytea[]) WITH ORDINALITY AS e (id, type, key, envelope, n)
    ORDER BY e.n
    RETURNING 1
)
SELECT pg_notify('{NOTIFY_CHANNEL}', '') FROM (SELECT count(*) FROM written) AS done"""
CLAIM_INBOX = "INSERT INTO runtime_inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"


class PgUnitOfWork:
    """Repositories' Piccolo queries inside ``async with`` run in this transaction."""

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine
        self._outer: PgUnitOfWork | None = None
        self._tx: PostgresTransaction | None = None
        self._events: list[Event] = []
        self._committed = False

    async def __aenter__(self) -> Self:
        self._outer = _current.get()
        if self._outer is None:
            transaction = self._engine.transaction()
            try:
                await transaction.__aenter__()
            except BaseException:
                await self._release(transaction)
                raise
            self._tx = transaction
            self._token = _current.set(self)
        return self

    async def _release(self, transaction: PostgresTransaction) -> None:
        """A BEGIN that failed or was cancelled still holds a pooled connection: give it back."""
        connection = getattr(transaction, "connection", None)
        if connection is not None and self._engine.pool is not None:
            await self._engine.pool.release(connection)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._tx is None:
            return
        try:
            if not self._committed:
                await self._rollback(exc_type)
            # Committed or rolled back by now: Piccolo only has to release the connection
            # (given the exception it would roll back a committed transaction and leak it).
            await self._tx.__aexit__(None, None, None)
        finally:
            _current.reset(self._token)

    async def _rollback(self, cause: type[BaseException] | None = None) -> None:
        assert self._tx is not None
        try:
            await self._tx.rollback()
        except Exception as exc:  # noqa: BLE001 - logged; releasing the connection resets it
            # A cancelled statement leaves asyncpg's transaction failed; the pool's reset rolls it back.
            # Work cancelled at shutdown is redone from the outbox, so that case is no warning.
            cancelled = cause is not None and issubclass(cause, asyncio.CancelledError)
            report = log.debug if cancelled else log.warning
            report(
                "rollback failed; the connection is reset on release",
                error=repr(exc),
                cause=cause.__name__ if cause else None,
            )
            self._tx._rolled_back = True  # so Piccolo releases the connection and does not commit

    @property
    def connection(self) -> Any:
        root = self._outer or self
        assert root._tx is not None, "unit of work not entered"
        return root._tx.connection

    def add(self, *events: Event) -> None:
        (self._outer or self)._events.extend(events)

    def collect(self, *aggregates: Aggregate) -> None:
        for aggregate in aggregates:
            self.add(*aggregate.events)
            aggregate.events.clear()

    async def commit(self) -> None:
        if self._outer is not None:
            return
        assert self._tx is not None, "unit of work not entered"
        if self._events:
            await self._write_outbox()
        await self._tx.commit()
        self._committed = True
        self._events.clear()

    async def _write_outbox(self) -> None:
        ids, types, keys, envelopes = [], [], [], []
        for event in self._events:
            envelope = wrap_here(event)
            ids.append(envelope.id)
            types.append(envelope.type)
            keys.append(envelope.key)
            envelopes.append(encode(envelope))
        await self.connection.fetch(WRITE_OUTBOX, ids, types, keys, envelopes)

    async def claim(self, consumer: str, message_id: str) -> bool:
        status = await self.connection.execute(CLAIM_INBOX, consumer, message_id)
        return bool(status.endswith(" 1"))


class PgUnitOfWorkFactory:
    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    def __call__(self) -> PgUnitOfWork:
        return PgUnitOfWork(self._engine)


class TransactionalConnections:
    """Lends the open unit of work's connection, else one from the pool.

    Adapters that write with raw SQL (the PostgreSQL search index) take this
    instead of the pool, so their writes join the handler's transaction and a
    handler never holds one pooled connection while waiting for a second.
    """

    def __init__(self, pool: Any) -> None:
        self._pool = pool

    @contextlib.asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        current = _current.get()
        if current is not None:
            yield current.connection
            return
        async with self._pool.acquire() as connection:
            yield connection
