"""Order facts: counted once per order id, kept per currency, matched by rule segments.

The facts follow the orders domain's events: ``when_order_placed_record_fact`` and
``when_order_cancelled_forget_fact`` do what the two commands do (a guest's order counts nowhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.validation import Findings
from domains.customers import messages as m
from domains.customers.handlers.memberships import refresh_memberships
from domains.orders import messages as orders

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message
    from domains.customers.ports import CustomersDeps


async def record_order_placed(cmd: m.RecordOrderPlaced, deps: CustomersDeps) -> None:
    problems = Findings()
    total = problems.money(cmd.total, "total")
    if cmd.placed_at.tzinfo is None:
        problems.add("placed_at", "needs a time zone, such as Z")
    problems.raise_any("the order fact is invalid")
    async with deps.uow() as uow:
        if await deps.orders.placed(cmd.customer_id, cmd.order_id, total, cmd.placed_at):
            await refresh_memberships(deps, uow, cmd.customer_id)
            await uow.commit()


async def record_order_cancelled(cmd: m.RecordOrderCancelled, deps: CustomersDeps) -> None:
    async with deps.uow() as uow:
        if await deps.orders.cancelled(cmd.customer_id, cmd.order_id):
            await refresh_memberships(deps, uow, cmd.customer_id)
            await uow.commit()


async def when_order_placed_record_fact(event: orders.OrderPlaced, deps: CustomersDeps) -> None:
    """Count a customer's placed order in their order count and spend (once per order id)."""
    if event.customer_id is None:
        return
    fact = m.RecordOrderPlaced(
        customer_id=event.customer_id, order_id=event.order_id, total=event.total, placed_at=event.placed_at
    )
    await record_order_placed(fact, deps)


async def when_order_cancelled_forget_fact(event: orders.OrderCancelled, deps: CustomersDeps) -> None:
    """Take a cancelled order out of the customer's count and spend (once)."""
    if event.customer_id is None:
        return
    await record_order_cancelled(
        m.RecordOrderCancelled(customer_id=event.customer_id, order_id=event.order_id), deps
    )


HANDLERS: dict[type[Message], Handler] = {
    m.RecordOrderPlaced: record_order_placed,
    m.RecordOrderCancelled: record_order_cancelled,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    orders.OrderPlaced: [when_order_placed_record_fact],
    orders.OrderCancelled: [when_order_cancelled_forget_fact],
}
