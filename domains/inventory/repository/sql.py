"""Hand-written SQL on the open unit of work's connection, constraint violations as domain errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import asyncpg

from adapters.db.engine import fetch
from core.errors import Conflict, FieldError
from domains.inventory.tables import InventoryLevel

UNIQUE_FIELDS = {"inventory_warehouses_code_key": "code"}


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """A CHECK the levels would break, or a taken warehouse code, is a Conflict (the unit of work rolls back)."""
    try:
        yield
    except asyncpg.CheckViolationError:
        raise Conflict("not enough stock: the change would leave a level negative or over-reserved") from None
    except asyncpg.UniqueViolationError as exc:
        field = UNIQUE_FIELDS.get(exc.constraint_name or "", "id")
        raise Conflict(f"{field} is already in use", errors=[FieldError(field, "already in use")]) from None


async def rows(sql: str, *args: Any) -> list[Any]:
    """Run ``sql`` ($1, $2... placeholders) in the open unit of work, or on the pool outside one."""
    with guarded():
        return await fetch(InventoryLevel._meta.db, sql, *args)
