"""Apply, list and undo the Piccolo migrations of every domain."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.apps.migrations.commands.backwards import run_backwards
from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.engine import engine_finder


@dataclass(frozen=True)
class MigrationState:
    app: str
    id: str
    description: str
    applied: bool


class MigrationFailed(RuntimeError):
    pass


async def apply_all(*, quiet: bool = True) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name="all")
    if not result.success:
        raise MigrationFailed(result.message or out.getvalue())


async def states() -> list[MigrationState]:
    with contextlib.redirect_stdout(io.StringIO()):
        found = await CheckMigrationManager(app_name="all").get_migration_statuses()
    return [MigrationState(s.app_name, s.migration_id, s.description, s.has_ran) for s in found]


async def pending() -> list[MigrationState]:
    return [s for s in await states() if not s.applied]


async def undo_last() -> MigrationState | None:
    """Undo the most recently applied migration, whichever domain it belongs to."""
    last = await Migration.select().order_by(Migration.ran_on, ascending=False).first().run()
    if last is None:
        return None
    with contextlib.redirect_stdout(io.StringIO()):
        result = await run_backwards(app_name=last["app_name"], migration_id="1", auto_agree=True)
    if not result.success:
        raise MigrationFailed(result.message or "undo failed")
    return MigrationState(last["app_name"], last["name"], "", False)


def sql_migration(
    *, migration_id: str, app: str, description: str, up: str, down: str
) -> Callable[[], Awaitable[MigrationManager]]:
    """A Piccolo migration made of plain SQL statements separated by ';'."""

    async def run(sql: str) -> None:
        engine = engine_finder()
        if engine is None:
            raise MigrationFailed("no database engine configured")
        for statement in filter(str.strip, sql.split(";")):
            await engine.run_ddl(statement)

    async def forwards() -> MigrationManager:
        manager = MigrationManager(migration_id=migration_id, app_name=app, description=description)

        async def apply() -> None:
            await run(up)

        async def undo() -> None:
            await run(down)

        manager.add_raw(apply)
        manager.add_raw_backwards(undo)
        return manager

    return forwards
