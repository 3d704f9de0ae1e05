"""Refunds and returns, told to whoever placed the order (``orders`` raises these events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from domains.notifications.handlers.subscriptions import shown, tell_customer
from domains.orders import messages as orders

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event
    from domains.inventory.messages import ItemQuantity
    from domains.notifications.ports import NotificationsDeps


def rma(
    return_id: UUID, items: list[ItemQuantity] | None = None, reason: str | None = None
) -> dict[str, Any]:
    """The ``rma`` (the return) templates of return events see."""
    lines = [{"sku": item.sku, "quantity": item.quantity} for item in items or []]
    return {"id": str(return_id), "lines": lines, "reason": reason}


async def when_order_refunded_send_notice(event: orders.OrderRefunded, deps: NotificationsDeps) -> None:
    await tell_customer(
        deps,
        event.order_id,
        "order_refunded",
        amount=shown(event.amount),
        total_refunded=shown(event.total_refunded),
    )


async def when_return_requested_confirm(event: orders.ReturnRequested, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "return_requested", rma=rma(event.return_id, event.items))


async def when_return_approved_send_notice(event: orders.ReturnApproved, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "return_approved", rma=rma(event.return_id))


async def when_return_rejected_send_notice(event: orders.ReturnRejected, deps: NotificationsDeps) -> None:
    await tell_customer(
        deps, event.order_id, "return_rejected", rma=rma(event.return_id, reason=event.reason)
    )


async def when_return_received_send_notice(event: orders.ReturnReceived, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "return_received", rma=rma(event.return_id))


SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    orders.OrderRefunded: [when_order_refunded_send_notice],
    orders.ReturnRequested: [when_return_requested_confirm],
    orders.ReturnApproved: [when_return_approved_send_notice],
    orders.ReturnRejected: [when_return_rejected_send_notice],
    orders.ReturnReceived: [when_return_received_send_notice],
}
