"""PostgreSQL engine: build it from settings and bind every Piccolo table to it."""

from __future__ import annotations

import asyncio
import importlib
import os
from typing import TYPE_CHECKING, Any

import structlog
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.postgres import PostgresEngine

if TYPE_CHECKING:
    from piccolo.table import Table

PICCOLO_CONF = "config.piccolo_conf"
log = structlog.get_logger("mercato.db")
os.environ.setdefault("PICCOLO_CONF", PICCOLO_CONF)


class MercatoEngine(PostgresEngine):
    """A Piccolo engine that does no I/O when built: extensions come from migrations."""

    async def check_version(self) -> None:
        return None

    async def prep_database(self) -> None:
        return None


def all_tables() -> list[type[Table]]:
    from piccolo.conf.apps import Finder

    tables: list[type[Table]] = [Migration]
    for module in Finder().get_app_modules():
        tables.extend(module.APP_CONFIG.table_classes)
    return tables


def bind(engine: PostgresEngine) -> None:
    """Make ``engine`` the one every table and the migration runner use."""
    setattr(importlib.import_module(PICCOLO_CONF), "DB", engine)  # noqa: B010 - a module, read by Piccolo
    for table in all_tables():
        table._meta.db = engine


async def _released(connection: Any) -> None:
    """What a connection needs on its way back to the pool: nothing beyond asyncpg's own ROLLBACK
    of an open transaction. Pooled connections keep no session state (no LISTEN, no SET, no
    cursors; advisory locks are released by their holders), so the default RESET ALL round trip
    on every release is skipped."""


async def open_engine(dsn: str, *, pool_size: int) -> PostgresEngine:
    engine = MercatoEngine(config={"dsn": dsn})
    await engine.start_connection_pool(min_size=1, max_size=pool_size, reset=_released)
    bind(engine)
    return engine


async def fetch(engine: Any, sql: str, *args: Any) -> list[Any]:
    """Hand-written SQL for a hot read path, on the open transaction's connection or the pool.

    Building a Piccolo query costs more than running it on small indexed reads;
    this skips the builder, not the transaction.
    """
    transaction = engine.current_transaction.get()
    if transaction is not None:
        return list(await transaction.connection.fetch(sql, *args))
    assert engine.pool is not None, "the engine's pool is not started"
    return list(await engine.pool.fetch(sql, *args))


async def close_engine(engine: PostgresEngine, *, grace_seconds: float = 10.0) -> None:
    """Close the pool; connections still busy after the grace period are terminated, not awaited forever."""
    pool = engine.pool
    if pool is None:
        return
    try:
        await asyncio.wait_for(pool.close(), grace_seconds)
    except TimeoutError:
        log.warning("database connections still busy at shutdown; terminating them")
        pool.terminate()
    engine.pool = None
