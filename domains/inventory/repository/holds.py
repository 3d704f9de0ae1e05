"""Carts' holds on PostgreSQL. The sweeper's ``EXPIRE`` skips rows another transaction
locked, so several processes can sweep at once without waiting on each other."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from domains.inventory.messages import Reservation
from domains.inventory.ports import Hold
from domains.inventory.repository.sql import rows

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

COLUMNS = "cart_id, sku, warehouse_id, quantity, expires_at"
OF_CARTS = f"""
SELECT {COLUMNS} FROM inventory_holds WHERE cart_id = any($1::uuid[]) {{sku}}
ORDER BY cart_id, sku, warehouse_id FOR UPDATE"""
PUT = f"""
INSERT INTO inventory_holds AS h ({COLUMNS}) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (cart_id, sku, warehouse_id) DO UPDATE SET quantity = excluded.quantity, expires_at = excluded.expires_at"""
ADD = f"""
INSERT INTO inventory_holds AS h ({COLUMNS}) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (cart_id, sku, warehouse_id)
    DO UPDATE SET quantity = h.quantity + excluded.quantity, expires_at = excluded.expires_at"""
DROP = "DELETE FROM inventory_holds WHERE cart_id = $1 AND sku = $2 AND warehouse_id = $3"
CLEAR = "DELETE FROM inventory_holds WHERE cart_id = $1"
RENEW = """
WITH renewed AS (UPDATE inventory_holds SET expires_at = $2 WHERE cart_id = $1 RETURNING 1)
SELECT count(*) AS held FROM renewed"""
EXPIRE = f"""
DELETE FROM inventory_holds h USING (
    SELECT cart_id, sku, warehouse_id FROM inventory_holds WHERE expires_at <= $1
    ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED) gone
WHERE h.cart_id = gone.cart_id AND h.sku = gone.sku AND h.warehouse_id = gone.warehouse_id
RETURNING {", ".join(f"h.{c.strip()}" for c in COLUMNS.split(","))}"""
RESERVATIONS = """
SELECT sku, sum(quantity) AS quantity, min(expires_at) AS expires_at
FROM inventory_holds WHERE cart_id = $1 GROUP BY sku ORDER BY sku"""


def _hold(row: Any) -> Hold:
    return Hold(
        cart_id=row["cart_id"],
        sku=row["sku"],
        warehouse_id=row["warehouse_id"],
        quantity=row["quantity"],
        expires_at=row["expires_at"],
    )


class PgHoldStore:
    async def of_carts(self, cart_ids: Collection[UUID], sku: str | None = None) -> list[Hold]:
        if sku is None:
            return [_hold(row) for row in await rows(OF_CARTS.format(sku=""), sorted(set(cart_ids)))]
        found = await rows(OF_CARTS.format(sku="AND sku = $2"), sorted(set(cart_ids)), sku)
        return [_hold(row) for row in found]

    async def put(self, hold: Hold) -> None:
        if hold.quantity <= 0:
            await rows(DROP, hold.cart_id, hold.sku, hold.warehouse_id)
            return
        await rows(PUT, hold.cart_id, hold.sku, hold.warehouse_id, hold.quantity, hold.expires_at)

    async def add(self, hold: Hold) -> None:
        await rows(ADD, hold.cart_id, hold.sku, hold.warehouse_id, hold.quantity, hold.expires_at)

    async def clear(self, cart_id: UUID) -> None:
        await rows(CLEAR, cart_id)

    async def renew(self, cart_id: UUID, expires_at: datetime) -> bool:
        return bool((await rows(RENEW, cart_id, expires_at))[0]["held"])

    async def expire(self, now: datetime, limit: int) -> list[Hold]:
        return [_hold(row) for row in await rows(EXPIRE, now, limit)]

    async def reservations(self, cart_id: UUID) -> list[Reservation]:
        return [
            Reservation(
                cart_id=cart_id, sku=row["sku"], quantity=int(row["quantity"]), expires_at=row["expires_at"]
            )
            for row in await rows(RESERVATIONS, cart_id)
        ]
