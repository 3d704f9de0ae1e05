"""Staff moves an order along: fulfil, ship (its payment captured if it was only authorised, then its
allocated stock leaves), deliver. Illegal moves are 409."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError
from core.validation import found
from domains.inventory.messages import ShipAllocation
from domains.orders.handlers.cancellation import cancel_order
from domains.orders.messages import CancelOrder, DeliverOrder, FulfilOrder, OrderView, ShipOrder
from domains.orders.model import check_move
from domains.payments.messages import CapturePayment

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.orders.model import Order
    from domains.orders.ports import OrdersDeps


async def _change(deps: OrdersDeps, order_id: UUID, change: Callable[[Order], None]) -> OrderView:
    async with deps.uow() as uow:
        order = found(await deps.orders.get(order_id, lock=True), "order", order_id)
        change(order)
        await deps.orders.save(order)
        uow.collect(order)
        await uow.commit()
    return order.view()


async def fulfil_order(cmd: FulfilOrder, deps: OrdersDeps) -> OrderView:
    return await _change(deps, cmd.order_id, lambda order: order.fulfil(cmd.actor, deps.clock()))


async def _capture(deps: OrdersDeps, order: Order) -> str | None:
    """Capture a payment only authorised at checkout (capture at shipment); its refusal (409) or a
    provider failure (503) stops the shipment before anything changed."""
    if order.payment is None or order.payment.status != "authorised":
        return None
    payment = await deps.bus.send(CapturePayment(order_id=order.id))
    if payment.status not in ("captured", "partially_refunded", "refunded"):
        raise Conflict(
            f"the payment could not be captured (it is {payment.status}): the order was not shipped",
            errors=[FieldError("payment", f"is {payment.status}")],
        )
    return payment.status


async def ship_order(cmd: ShipOrder, deps: OrdersDeps) -> OrderView:
    """The payment is captured if need be, the stock leaves (both idempotent), then the order is shipped."""
    order = found(await deps.orders.get(cmd.order_id), "order", cmd.order_id)
    check_move(order.status, "shipped")
    captured = await _capture(deps, order)
    await deps.bus.send(ShipAllocation(order_id=cmd.order_id))
    return await _change(
        deps,
        cmd.order_id,
        lambda order: order.ship(cmd.actor, cmd.carrier, cmd.tracking_number, deps.clock(), captured),
    )


async def deliver_order(cmd: DeliverOrder, deps: OrdersDeps) -> OrderView:
    return await _change(deps, cmd.order_id, lambda order: order.deliver(cmd.actor, deps.clock()))


HANDLERS: dict[type[Message], Handler] = {
    CancelOrder: cancel_order,
    FulfilOrder: fulfil_order,
    ShipOrder: ship_order,
    DeliverOrder: deliver_order,
}
