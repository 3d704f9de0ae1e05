"""Orders' allocations on PostgreSQL: one row per order (its state), one per (SKU, warehouse)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from domains.inventory.ports import AllocatedLine
from domains.inventory.repository.sql import rows

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from domains.inventory.ports import AllocationState

CLAIM = """
INSERT INTO inventory_allocations (order_id, cart_id, state, created_at, updated_at)
VALUES ($1, $2, 'allocated', $3, $3) ON CONFLICT (order_id) DO NOTHING RETURNING order_id"""
ADD = """
INSERT INTO inventory_allocation_lines (order_id, sku, warehouse_id, quantity)
SELECT $1, * FROM unnest($2::text[], $3::uuid[], $4::bigint[])"""
LINES = """
SELECT a.sku, a.warehouse_id, w.code, a.quantity
FROM inventory_allocation_lines a JOIN inventory_warehouses w ON w.id = a.warehouse_id
WHERE a.order_id = $1 ORDER BY a.sku, w.priority DESC, w.code"""
STATE = "SELECT state FROM inventory_allocations WHERE order_id = $1"
MOVE = """
UPDATE inventory_allocations SET state = $3, updated_at = now()
WHERE order_id = $1 AND state = $2 RETURNING order_id"""


class PgAllocationStore:
    async def claim(self, order_id: UUID, cart_id: UUID, now: datetime) -> bool:
        return bool(await rows(CLAIM, order_id, cart_id, now))

    async def add(self, order_id: UUID, lines: Sequence[AllocatedLine]) -> None:
        if lines:
            columns = ("sku", "warehouse_id", "quantity")
            await rows(ADD, order_id, *([getattr(line, c) for line in lines] for c in columns))

    async def lines(self, order_id: UUID) -> list[AllocatedLine]:
        return [
            AllocatedLine(
                sku=row["sku"], warehouse_id=row["warehouse_id"], code=row["code"], quantity=row["quantity"]
            )
            for row in await rows(LINES, order_id)
        ]

    async def state(self, order_id: UUID) -> AllocationState | None:
        found = await rows(STATE, order_id)
        return cast("AllocationState", found[0]["state"]) if found else None

    async def move(self, order_id: UUID, old: AllocationState, new: AllocationState) -> bool:
        return bool(await rows(MOVE, order_id, old, new))
