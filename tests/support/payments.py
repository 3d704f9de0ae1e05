"""Payments over the real PostgreSQL for integration tests: the handlers' deps and what was written."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import Any
from uuid import UUID

import asyncpg

from adapters.db.engine import close_engine, open_engine
from adapters.db.uow import PgUnitOfWorkFactory
from domains.payments.ports import PaymentProvider, PaymentsDeps
from domains.payments.repository import PgPaymentStore


class NoBus:
    async def ask(self, query: Any, *, timeout: float | None = None) -> Any:
        raise AssertionError(f"unexpected query {query}")


@contextlib.asynccontextmanager
async def payments_deps(
    database_url: str, providers: Mapping[str, PaymentProvider], pool_size: int = 12
) -> AsyncIterator[PaymentsDeps]:
    engine = await open_engine(database_url, pool_size=pool_size)
    try:
        yield PaymentsDeps(
            uow=PgUnitOfWorkFactory(engine),
            bus=NoBus(),  # type: ignore[arg-type]
            payments=PgPaymentStore(),
            providers=providers,
        )
    finally:
        await close_engine(engine)


async def fetch(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def payment_row(database_url: str, order_id: UUID) -> asyncpg.Record:
    rows = await fetch(database_url, "SELECT * FROM payments_payment WHERE order_id = $1", order_id)
    assert len(rows) == 1
    return rows[0]


async def ledger(database_url: str, order_id: UUID) -> list[tuple[str, int, str]]:
    rows = await fetch(
        database_url,
        "SELECT t.kind, t.amount, t.outcome FROM payments_transaction t "
        "JOIN payments_payment p ON p.id = t.payment_id WHERE p.order_id = $1 ORDER BY t.created_at, t.id",
        order_id,
    )
    return [(row["kind"], row["amount"], row["outcome"]) for row in rows]


async def outbox(database_url: str, key: UUID) -> list[str]:
    """The types of the events written for this order, in order."""
    rows = await fetch(database_url, "SELECT type FROM runtime_outbox WHERE key = $1 ORDER BY seq", str(key))
    return [row["type"].removeprefix("payments.") for row in rows]
