"""The PostgreSQL unit of work: a Piccolo transaction plus outbox and inbox rows."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Self

from core import context
from core.messages import Event, encode, new_id, wrap

if TYPE_CHECKING:
    from types import TracebackType

    from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

NOTIFY_CHANNEL = "mercato_outbox"
_current: ContextVar[PgUnitOfWork | None] = ContextVar("pg_unit_of_work", default=None)

INSERT_OUTBOX = (
    "INSERT INTO runtime_outbox (id, type, key, envelope) VALUES ($1, $2, $3, $4)"
)
CLAIM_INBOX = (
    "INSERT INTO runtime_inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
)


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
            self._tx = self._engine.transaction()
            await self._tx.__aenter__()
            self._token = _current.set(self)
        return self

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
                await self._tx.rollback()
            await self._tx.__aexit__(exc_type, exc, tb)
        finally:
            _current.reset(self._token)

    @property
    def connection(self) -> Any:
        root = self._outer or self
        assert root._tx is not None, "unit of work not entered"
        return root._tx.connection

    def add(self, *events: Event) -> None:
        (self._outer or self)._events.extend(events)

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
        correlation = context.correlation_id.get() or new_id()
        causation = context.causation_id.get()
        rows = []
        for event in self._events:
            envelope = wrap(event, correlation_id=correlation, causation_id=causation)
            rows.append((envelope.id, envelope.type, envelope.key, encode(envelope)))
        await self.connection.executemany(INSERT_OUTBOX, rows)
        await self.connection.execute(f"NOTIFY {NOTIFY_CHANNEL}")

    async def claim(self, consumer: str, message_id: str) -> bool:
        status = await self.connection.execute(CLAIM_INBOX, consumer, message_id)
        return bool(status.endswith(" 1"))


class PgUnitOfWorkFactory:
    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine

    def __call__(self) -> PgUnitOfWork:
        return PgUnitOfWork(self._engine)
