"""The PostgreSQL store of orders: the snapshot as JSONB, numbers from a sequence, keyset pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from core.errors import Conflict
from core.paging import Page, decode_time_and_id, encode_cursor
from domains.orders.messages import OrderPayment, StatusChange
from domains.orders.model import CheckoutPlan, Order
from domains.orders.tables import OrdersOrder

if TYPE_CHECKING:
    from domains.orders.messages import OrderStatus

JSON = ("items", "totals", "shipping_address", "shipping_method", "applied_promotions", "coupon_codes")
COLUMNS = (
    "id",
    "number",
    "status",
    "customer_id",
    "email",
    "currency",
    "cart_id",
    *JSON,
    "total",
    "status_history",
    "actor",
    "payment_status",
    "payment_provider",
    "token_hash",
    "carrier",
    "tracking_number",
    "cancel_pending",
    "version",
    "placed_at",
    "updated_at",
)
_JSONB = {*JSON, "status_history"}
ADD = f"""
INSERT INTO orders_orders ({", ".join(COLUMNS)})
VALUES ({", ".join("{}::jsonb" if c in _JSONB else "{}" for c in COLUMNS)})"""
SAVE = """
UPDATE orders_orders SET status = {}, status_history = {}::jsonb, payment_status = {}, carrier = {},
    tracking_number = {}, cancel_pending = {}, updated_at = {}, version = version + 1
WHERE id = {} AND version = {} RETURNING version"""
# The refunded total comes from the refunds ledger (orders_refunds).
REFUNDED = (
    "(SELECT coalesce(max(r.total_refunded), 0) FROM orders_refunds r WHERE r.order_id = o.id) AS refunded"
)
SELECT = f"SELECT {', '.join(f'o.{c}' for c in COLUMNS)}, {REFUNDED} FROM orders_orders o"
PAGE = f"""{SELECT}
WHERE ({{}}::uuid IS NULL OR o.customer_id = {{}}::uuid) AND ({{}}::text IS NULL OR o.status = {{}}::text)
  AND ({{}}::timestamptz IS NULL OR (o.placed_at, o.id) < ({{}}::timestamptz, {{}}::uuid))
ORDER BY o.placed_at DESC, o.id DESC LIMIT {{}}"""
LEFT_HALF_DONE = """
SELECT id FROM orders_orders WHERE cancel_pending AND updated_at < {} ORDER BY updated_at LIMIT {}"""
_HISTORY = msgspec.json.Decoder(list[StatusChange])
_PLAN = msgspec.json.Decoder(CheckoutPlan)


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await OrdersOrder.raw(query, *args))


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _values(order: Order) -> list[Any]:
    plan, payment = order.plan, order.payment
    return [
        order.id,
        order.number,
        order.status,
        plan.customer_id,
        plan.email,
        plan.currency,
        plan.cart_id,
        *(_json(getattr(plan, name)) for name in JSON),
        plan.totals.total.amount,
        _json(order.history),
        plan.actor,
        payment.status if payment else None,
        payment.provider if payment else plan.provider,
        order.token_hash,
        order.carrier,
        order.tracking_number,
        order.cancel_pending,
        order.version,
        order.placed_at,
        order.updated_at,
    ]


def _plan(row: dict[str, Any]) -> CheckoutPlan:
    """The snapshot from its JSONB columns (decoded once, by type) and the scalar columns."""
    document: dict[str, Any] = {
        name: msgspec.Raw(row[name].encode()) if row[name] is not None else None for name in JSON
    }
    document |= {
        "cart_id": row["cart_id"],
        "customer_id": row["customer_id"],
        "email": row["email"],
        "currency": row["currency"],
        "provider": row["payment_provider"] or "",
        "actor": row["actor"],
    }
    return _PLAN.decode(msgspec.json.encode(document))


def _order(row: dict[str, Any]) -> Order:
    plan = _plan(row)
    payment = (
        OrderPayment(status=row["payment_status"], provider=row["payment_provider"])
        if row["payment_status"]
        else None
    )
    return Order(
        id=row["id"],
        number=row["number"],
        status=row["status"],
        plan=plan,
        history=_HISTORY.decode(row["status_history"]),
        payment=payment,
        placed_at=row["placed_at"],
        updated_at=row["updated_at"],
        token_hash=row["token_hash"],
        carrier=row["carrier"],
        tracking_number=row["tracking_number"],
        cancel_pending=row["cancel_pending"],
        refunded=row["refunded"],
        version=row["version"],
    )


def _position(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    return decode_time_and_id(cursor)


class PgOrderRepository:
    async def next_number(self) -> int:
        rows = await sql("SELECT nextval('orders_number_seq') AS number")
        return int(rows[0]["number"])

    async def add(self, order: Order) -> None:
        await sql(ADD, *_values(order))

    async def get(self, order_id: UUID, *, lock: bool = False) -> Order | None:
        if lock:
            # Lock first, read after: a read in the locking statement would see the refunds ledger
            # as it was before the lock was waited for (its subquery keeps the statement's snapshot).
            await sql("SELECT 1 FROM orders_orders WHERE id = {} FOR UPDATE", order_id)
        rows = await sql(SELECT + " WHERE o.id = {}", order_id)
        return _order(rows[0]) if rows else None

    async def save(self, order: Order) -> None:
        payment = order.payment.status if order.payment else None
        rows = await sql(
            SAVE,
            order.status,
            _json(order.history),
            payment,
            order.carrier,
            order.tracking_number,
            order.cancel_pending,
            order.updated_at,
            order.id,
            order.version,
        )
        if not rows:
            raise Conflict("the order was changed meanwhile: read it again and retry")
        order.version = rows[0]["version"]

    async def page(
        self, *, customer_id: UUID | None, status: OrderStatus | None, limit: int, cursor: str | None
    ) -> Page[Order]:
        placed_at, after = _position(cursor)
        rows = await sql(
            PAGE, customer_id, customer_id, status, status, placed_at, placed_at, after, limit + 1
        )
        orders = [_order(row) for row in rows[:limit]]
        last = orders[-1] if len(rows) > limit else None
        following = encode_cursor([last.placed_at.isoformat(), str(last.id)]) if last else None
        return Page(items=orders, next_cursor=following)

    async def cancellations_left(self, before: datetime, limit: int) -> list[UUID]:
        return [row["id"] for row in await sql(LEFT_HALF_DONE, before, limit)]
