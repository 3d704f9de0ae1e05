"""The warehouse store on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from domains.inventory.messages import Warehouse
from domains.inventory.repository.sql import rows

COLUMNS = "id, code, name, country, priority, created_at"
ADD = f"INSERT INTO inventory_warehouses ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
ALL = f"SELECT {COLUMNS} FROM inventory_warehouses ORDER BY priority DESC, code"
BY_CODES = f"SELECT {COLUMNS} FROM inventory_warehouses WHERE code = any($1::text[])"


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

    async def by_codes(self, codes: Collection[str]) -> dict[str, Warehouse]:
        return {row["code"]: _warehouse(row) for row in await rows(BY_CODES, list(codes))}
