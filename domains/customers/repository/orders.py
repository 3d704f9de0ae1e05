"""The PostgreSQL store of order facts: an order id counts once, its cancellation once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.money import Money
from domains.customers.messages import OrderFact
from domains.customers.repository.profiles import sql

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

PLACED = """
WITH fact AS (
    INSERT INTO customers_orders (order_id, customer_id, amount, currency, placed_at)
    VALUES ({}, {}, {}, {}, {}) ON CONFLICT (order_id) DO NOTHING
    RETURNING customer_id, currency, amount)
INSERT INTO customers_spend AS s (customer_id, currency, order_count, amount)
SELECT customer_id, currency, 1, amount FROM fact
ON CONFLICT (customer_id, currency)
    DO UPDATE SET order_count = s.order_count + 1, amount = s.amount + excluded.amount
RETURNING s.customer_id"""
CANCELLED = """
WITH fact AS (
    UPDATE customers_orders SET cancelled_at = now()
    WHERE order_id = {} AND customer_id = {} AND cancelled_at IS NULL
    RETURNING customer_id, currency, amount)
UPDATE customers_spend s SET order_count = s.order_count - 1, amount = s.amount - f.amount
FROM fact f WHERE s.customer_id = f.customer_id AND s.currency = f.currency
RETURNING s.customer_id"""
OF = """
SELECT order_id, amount, currency, placed_at, cancelled_at IS NOT NULL AS cancelled
FROM customers_orders WHERE customer_id = {} ORDER BY placed_at, order_id"""
TOTALS = "SELECT currency, order_count, amount FROM customers_spend WHERE customer_id = {} ORDER BY currency"


class PgOrderFacts:
    async def placed(self, customer_id: UUID, order_id: UUID, total: Money, placed_at: datetime) -> bool:
        return bool(await sql(PLACED, order_id, customer_id, total.amount, total.currency, placed_at))

    async def cancelled(self, customer_id: UUID, order_id: UUID) -> bool:
        return bool(await sql(CANCELLED, order_id, customer_id))

    async def of(self, customer_id: UUID) -> list[OrderFact]:
        return [
            OrderFact(
                order_id=row["order_id"],
                total=Money(amount=row["amount"], currency=row["currency"]),
                placed_at=row["placed_at"],
                cancelled=row["cancelled"],
            )
            for row in await sql(OF, customer_id)
        ]

    async def totals(self, customer_id: UUID) -> tuple[int, list[Money]]:
        rows = await sql(TOTALS, customer_id)
        spent = [Money(amount=row["amount"], currency=row["currency"]) for row in rows if row["order_count"]]
        return sum(row["order_count"] for row in rows), spent
