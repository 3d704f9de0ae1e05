"""PostgreSQL engine: build it from settings and bind every Piccolo table to it."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING

from piccolo.apps.migrations.tables import Migration
from piccolo.engine.postgres import PostgresEngine

if TYPE_CHECKING:
    from piccolo.table import Table

PICCOLO_CONF = "config.piccolo_conf"
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


async def open_engine(dsn: str, *, pool_size: int) -> PostgresEngine:
    engine = MercatoEngine(config={"dsn": dsn})
    await engine.start_connection_pool(min_size=1, max_size=pool_size)
    bind(engine)
    return engine
