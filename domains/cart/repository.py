"""The cart store on PostgreSQL (hand-written SQL), inside the open unit of work.

Reading a cart is one query (its lines aggregated); saving one is one statement: a
conditional UPDATE on its version and, only if that matched, its lines (removed ones
deleted, the others upserted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import asyncpg
import msgspec

from adapters.db.engine import fetch
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
# A cart and its lines in one round trip: every step of a shopper reads the cart first.
LINES = """(SELECT coalesce(json_agg(json_build_object('id', l.id, 'sku', l.sku, 'quantity', l.quantity)
                              ORDER BY l.position, l.id), '[]')::text
         FROM cart_lines l WHERE l.cart_id = cart_carts.id) AS lines"""
GET = f"SELECT {COLUMNS}, {LINES} FROM cart_carts WHERE id = {{}}"
ACTIVE = f"SELECT {COLUMNS}, {LINES} FROM cart_carts WHERE customer_id = {{}} AND status = 'active'"
VALUES = ", ".join("{}::jsonb" if name == "shipping_address" else "{}" for name in FIELDS)
ADD = f"""
INSERT INTO cart_carts (id, version, {", ".join(FIELDS)}) VALUES ({{}}, 0, {VALUES})
ON CONFLICT DO NOTHING RETURNING id"""
SETS = ", ".join(
    f"{name} = {{}}::jsonb" if name == "shipping_address" else f"{name} = {{}}" for name in FIELDS
)
# A cart and its lines written in one statement (one round trip, atomic on its own): the lines
# change only if the cart was still at the version it was read at.
SAVE_WITH_LINES = f"""
WITH saved AS (
    UPDATE cart_carts SET {SETS}, version = version + 1
    WHERE id = {{}} AND version = {{}} RETURNING id, version
), dropped AS (
    DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM saved) AND NOT (id = any({{}}::uuid[]))
), put AS (
    INSERT INTO cart_lines (id, cart_id, sku, quantity, position)
    SELECT line.id, saved.id, line.sku, line.quantity, line.position
    FROM saved, unnest({{}}::uuid[], {{}}::text[], {{}}::int[], {{}}::int[]) AS line (id, sku, quantity, position)
    ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, position = EXCLUDED.position
)
SELECT version FROM saved"""
PUT_LINES = """
INSERT INTO cart_lines (id, cart_id, sku, quantity, position)
SELECT line.id, {}, line.sku, line.quantity, line.position
FROM unnest({}::uuid[], {}::text[], {}::int[], {}::int[]) AS line (id, sku, quantity, position)
ON CONFLICT (id) DO UPDATE SET quantity = EXCLUDED.quantity, position = EXCLUDED.position"""
HOLD = "UPDATE cart_carts SET reserved_until = {} WHERE id = {}"
COMPLETE = """
UPDATE cart_carts SET status = 'checked_out', order_id = {}, updated_at = {}, version = version + 1
WHERE id = {} AND status = 'active' RETURNING id"""


def _numbered(query: str) -> str:
    """``{}`` placeholders as asyncpg's ``$1, $2...``."""
    parts = query.split("{}")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))


_STATEMENTS: dict[str, str] = {}


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    """Run ``query`` on the open unit of work's connection (or the pool): no query builder on
    the cart's hot path, which every shopper's step reads and writes."""
    statement = _STATEMENTS.get(query)
    if statement is None:
        statement = _STATEMENTS[query] = _numbered(query)
    return [dict(row) for row in await fetch(CartCart._meta.db, statement, *args)]


def _values(cart: Cart) -> list[Any]:
    values = [getattr(cart, name) for name in FIELDS]
    address = cart.shipping_address
    values[FIELDS.index("shipping_address")] = msgspec.json.encode(address).decode() if address else None
    return values


def _cart(row: dict[str, Any]) -> Cart:
    address = row.pop("shipping_address")
    lines = msgspec.json.decode(row.pop("lines"), type=list[Line])
    return Cart(
        **row,
        shipping_address=msgspec.json.decode(address, type=CartAddress) if address else None,
        lines=lines,
    )


class PgCartRepository:
    async def get(self, cart_id: UUID) -> Cart | None:
        rows = await sql(GET, cart_id)
        return _cart(rows[0]) if rows else None

    async def active_of(self, customer_id: UUID) -> Cart | None:
        rows = await sql(ACTIVE, customer_id)
        return _cart(rows[0]) if rows else None

    async def add(self, cart: Cart) -> bool:
        if not await sql(ADD, cart.id, *_values(cart)):
            return False
        await self._put_lines(cart)
        return True

    async def save(self, *carts: Cart) -> None:
        for cart in sorted(carts, key=lambda c: c.id):  # one lock order, so two merges cannot deadlock
            ids = [line.id for line in cart.lines]
            lines = [[line.sku for line in cart.lines], [line.quantity for line in cart.lines]]
            try:
                saved = await sql(
                    SAVE_WITH_LINES,
                    *_values(cart),
                    cart.id,
                    cart.version,
                    ids,
                    ids,
                    *lines,
                    list(range(len(ids))),
                )
            except asyncpg.UniqueViolationError:
                raise Conflict("the customer already has an active cart") from None
            if not saved:
                raise Conflict("the cart changed meanwhile; fetch it and try again")
            cart.version = saved[0]["version"]

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
