"""The warehouse store on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Annotated, Any

import msgspec

from core.http import NO_NUL
from core.paging import as_position
from domains.inventory.messages import Warehouse
from domains.inventory.repository.sql import rows

if TYPE_CHECKING:
    from domains.inventory.ports import Position

COLUMNS = "id, code, name, country, priority, created_at"
ADD = f"INSERT INTO inventory_warehouses ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
ALL = f"SELECT {COLUMNS} FROM inventory_warehouses ORDER BY priority DESC, code"
BY_CODES = f"SELECT {COLUMNS} FROM inventory_warehouses WHERE code = any($1::text[])"
PAGE = f"""
SELECT {COLUMNS} FROM inventory_warehouses
WHERE $2::integer IS NULL OR priority < $2::integer OR (priority = $2::integer AND code > $3::text)
ORDER BY priority DESC, code LIMIT $1"""
PriorityKey = Annotated[int, msgspec.Meta(ge=-(2**31), lt=2**31)]
"""A position's priority: what the INTEGER column holds."""
CodeKey = Annotated[str, msgspec.Meta(pattern=NO_NUL)]


def _warehouse(row: Any) -> Warehouse:
    return Warehouse(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        country=row["country"],
        priority=row["priority"],
        created_at=row["created_at"],
    )


class PgWarehouseStore:
    async def add(self, warehouse: Warehouse) -> None:
        w = warehouse
        await rows(ADD, w.id, w.code, w.name, w.country, w.priority, w.created_at)

    async def all(self) -> list[Warehouse]:
        return [_warehouse(row) for row in await rows(ALL)]

    async def page(self, limit: int, after: Position | None) -> tuple[list[Warehouse], Position | None]:
        position = (None, None) if after is None else as_position(after, tuple[PriorityKey, CodeKey])
        found = await rows(PAGE, limit + 1, *position)
        warehouses = [_warehouse(row) for row in found[:limit]]
        last = warehouses[-1] if len(found) > limit else None
        return warehouses, None if last is None else [last.priority, last.code]

    async def by_codes(self, codes: Collection[str]) -> dict[str, Warehouse]:
        return {row["code"]: _warehouse(row) for row in await rows(BY_CODES, list(codes))}
