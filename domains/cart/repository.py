"""The cart store on PostgreSQL (Piccolo raw queries), inside the open unit of work.

Saving a cart is one conditional UPDATE on its version, then its lines: removed
ones deleted, the others upserted in one statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import asyncpg
import msgspec

from core.errors import Conflict
from domains.cart.messages import CartAddress
from domains.cart.model import Cart, Line
from domains.cart.tables import CartCart

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

FIELDS = (
    "customer_id",
    "email",
    "currency",
    "status",
    "coupon_codes",
    "shipping_address",
    "shipping_method_id",
    "order_id",
    "reserved_until",
    "created_at",
    "updated_at",
)
COLUMNS = "id, version, " + ", ".join(
    f"{name}::text AS {name}" if name == "shipping_address" else name for name in FIELDS
)
GET = f"SELECT {COLUMNS} FROM cart_carts WHERE id = {{}}"
ACTIVE = f"SELECT {COLUMNS} FROM cart_carts WHERE customer_id = {{}} AND status = 'active'"
LINES = "SELECT id, sku, quantity FROM cart_lines WHERE cart_id = {} ORDER BY position, id"
VALUES = ", ".join("{}::jsonb" if name == "shipping_address" else "{}" for name in FIELDS)
ADD = f"""
INSERT INTO cart_carts (id, version, {", ".join(FIELDS)}) VALUES ({{}}, 0, {VALUES})
ON CONFLICT DO NOTHING RETURNING id"""
SETS = ", ".join(
    f"{name} = {{}}::jsonb" if name == "shipping_address" else f"{name} = {{}}" for name in FIELDS
)
SAVE = f"""
UPDATE cart_carts SET {SETS}, version = version + 1
WHERE id = {{}} AND version = {{}} RETURNING version"""
DROP_LINES = "DELETE FROM cart_lines WHERE cart_id = {} AND NOT (id = any({}::uuid[]))"
PUT_LINES = """
INSERT INTO cart_lines (id, cart_id, sku, quantity, position)
SELECT line.id, {}, line.sku, line.quantity, line.position
FROM unnest({}::uuid[], {}::text[], {}::int[], {}::int[]) AS line (id, sku, quantity, position)
ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, position = EXCLUDED.position"""
HOLD = "UPDATE cart_carts SET reserved_until = {} WHERE id = {}"
COMPLETE = """
UPDATE cart_carts SET status = 'checked_out', order_id = {}, updated_at = {}, version = version + 1
WHERE id = {} AND status = 'active' RETURNING id"""


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await CartCart.raw(query, *args))


def _values(cart: Cart) -> list[Any]:
    values = [getattr(cart, name) for name in FIELDS]
    address = cart.shipping_address
    values[FIELDS.index("shipping_address")] = msgspec.json.encode(address).decode() if address else None
    return values


async def _cart(row: dict[str, Any]) -> Cart:
    address = row.pop("shipping_address")
    lines = [Line(**line) for line in await sql(LINES, row["id"])]
    return Cart(
        **row,
        shipping_address=msgspec.json.decode(address, type=CartAddress) if address else None,
        lines=lines,
    )


class PgCartRepository:
    async def get(self, cart_id: UUID) -> Cart | None:
        rows = await sql(GET, cart_id)
        return await _cart(rows[0]) if rows else None

    async def active_of(self, customer_id: UUID) -> Cart | None:
        rows = await sql(ACTIVE, customer_id)
        return await _cart(rows[0]) if rows else None

    async def add(self, cart: Cart) -> bool:
        if not await sql(ADD, cart.id, *_values(cart)):
            return False
        await self._put_lines(cart)
        return True

    async def save(self, *carts: Cart) -> None:
        for cart in sorted(carts, key=lambda c: c.id):  # one lock order, so two merges cannot deadlock
            try:
                saved = await sql(SAVE, *_values(cart), cart.id, cart.version)
            except asyncpg.UniqueViolationError:
                raise Conflict("the customer already has an active cart") from None
            if not saved:
                raise Conflict("the cart changed meanwhile; fetch it and try again")
            cart.version = saved[0]["version"]
            await sql(DROP_LINES, cart.id, [line.id for line in cart.lines])
            await self._put_lines(cart)

    async def _put_lines(self, cart: Cart) -> None:
        if not cart.lines:
            return
        lines = cart.lines
        await sql(
            PUT_LINES,
            cart.id,
            [line.id for line in lines],
            [line.sku for line in lines],
            [line.quantity for line in lines],
            list(range(len(lines))),
        )

    async def hold_until(self, cart_id: UUID, until: datetime | None) -> None:
        await sql(HOLD, until, cart_id)

    async def complete(self, cart_id: UUID, order_id: UUID, now: datetime) -> bool:
        return bool(await sql(COMPLETE, order_id, now, cart_id))
