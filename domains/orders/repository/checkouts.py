"""The checkout saga's rows on PostgreSQL: every change after the start is conditional on the lease's
owner, so a process that lost its lease to recovery can no longer move the checkout."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec

from domains.orders.model import CheckoutPlan, CheckoutRun
from domains.orders.tables import OrdersCheckout

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from domains.orders.model import State, Step

COLUMNS = (
    "order_id",
    "cart_id",
    "customer_id",
    "email",
    "provider",
    "token_hash",
    "step",
    "state",
    "plan",
    "error",
    "lease_owner",
    "lease_until",
)
START = """
INSERT INTO orders_checkouts (order_id, cart_id, customer_id, email, provider, token_hash, step, state,
                              lease_owner, lease_until, created_at, updated_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, now(), now())
ON CONFLICT DO NOTHING RETURNING order_id"""
ADVANCE = """
UPDATE orders_checkouts SET step = {}, lease_until = {}, plan = coalesce({}::jsonb, plan),
    total = coalesce({}, total), updated_at = now()
WHERE order_id = {} AND lease_owner = {} AND state = 'running' RETURNING order_id"""
SETTLE = """
UPDATE orders_checkouts SET state = {}, step = coalesce({}, step), lease_until = {},
    error = coalesce({}, error), updated_at = now()
WHERE order_id = {} AND lease_owner = {} RETURNING order_id"""
SELECT = f"SELECT {', '.join(COLUMNS)} FROM orders_checkouts WHERE order_id = {{}}"
CLAIM = f"""
UPDATE orders_checkouts SET lease_owner = {{}}, lease_until = {{}}, attempts = attempts + 1, updated_at = now()
WHERE order_id IN (
    SELECT order_id FROM orders_checkouts
    WHERE lease_until < {{}} AND (state IN ('running', 'compensating') OR (state = 'done' AND step = 'placed'))
    ORDER BY lease_until LIMIT {{}} FOR UPDATE SKIP LOCKED)
RETURNING {", ".join(COLUMNS)}"""
_PLAN = msgspec.json.Decoder(CheckoutPlan)


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await OrdersCheckout.raw(query, *args))


def _run(row: dict[str, Any]) -> CheckoutRun:
    plan = _PLAN.decode(row["plan"]) if row["plan"] is not None else None
    return CheckoutRun(**{**row, "plan": plan})


class PgCheckoutStore:
    async def start(self, run: CheckoutRun) -> bool:
        r = run
        rows = await sql(
            START,
            r.order_id,
            r.cart_id,
            r.customer_id,
            r.email,
            r.provider,
            r.token_hash,
            r.step,
            r.state,
            r.lease_owner,
            r.lease_until,
        )
        return bool(rows)

    async def advance(
        self, order_id: UUID, owner: UUID, step: Step, lease_until: datetime, plan: CheckoutPlan | None = None
    ) -> bool:
        encoded = msgspec.json.encode(plan).decode() if plan is not None else None
        total = plan.totals.total.amount if plan is not None else None
        return bool(await sql(ADVANCE, step, lease_until, encoded, total, order_id, owner))

    async def settle(
        self,
        order_id: UUID,
        owner: UUID,
        *,
        state: State,
        lease_until: datetime,
        step: Step | None = None,
        error: str | None = None,
    ) -> bool:
        return bool(await sql(SETTLE, state, step, lease_until, error, order_id, owner))

    async def get(self, order_id: UUID) -> CheckoutRun | None:
        rows = await sql(SELECT, order_id)
        return _run(rows[0]) if rows else None

    async def claim_stale(
        self, now: datetime, owner: UUID, lease_until: datetime, limit: int
    ) -> list[CheckoutRun]:
        return [_run(row) for row in await sql(CLAIM, owner, lease_until, now, limit)]
