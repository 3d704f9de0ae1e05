"""Order facts: counted once per order id, kept per currency, matched by rule segments.

The orders domain will subscribe to its own events with thin handlers
(``when_order_placed_record_fact``) that send these commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.validation import Findings
from domains.customers import messages as m
from domains.customers.handlers.memberships import refresh_memberships

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
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


HANDLERS: dict[type[Message], Handler] = {
    m.RecordOrderPlaced: record_order_placed,
    m.RecordOrderCancelled: record_order_cancelled,
}
