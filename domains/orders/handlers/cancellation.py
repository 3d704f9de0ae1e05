"""Cancelling an order before shipment: first the order is marked cancelled (with ``OrderCancelled``),
then its stock, payment (voided, or what is left of it refunded) and coupon use are given back. Each of
those is idempotent, so a cancel that stopped half way is finished by repeating it, or by recovery.

An order refunded in full before shipment is undone the same way, but for its payment (already
given back) and its coupon use (a refund, not a cancellation, keeps it)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from core.errors import NotFound
from core.validation import found
from domains.inventory.messages import ReleaseAllocation
from domains.orders.messages import CancelOrder, OrderView
from domains.payments.messages import VoidPayment
from domains.promotions.messages import ReleaseCoupons

if TYPE_CHECKING:
    from uuid import UUID

    from domains.orders.model import Order
    from domains.orders.ports import OrdersDeps


async def _payment_status(deps: OrdersDeps, order_id: UUID) -> str | None:
    try:
        return (await deps.bus.send(VoidPayment(order_id=order_id))).status
    except NotFound:
        return None


async def give_back(deps: OrdersDeps, order: Order) -> str | None:
    """Give back what an order being undone holds: its stock; cancelled, also its payment (voided or
    refunded) and its coupon use. The payment's status then, if it was asked."""
    cancelled = order.status == "cancelled"
    reason = "order cancelled" if cancelled else "order refunded before shipment"
    with contextlib.suppress(NotFound):  # nothing was allocated
        await deps.bus.send(ReleaseAllocation(order_id=order.id, reason=reason))
    if not cancelled:
        return None
    status = await _payment_status(deps, order.id)
    if order.plan.applied_promotions:
        await deps.bus.send(ReleaseCoupons(order_id=order.id))
    return status


async def finish_cancellation(deps: OrdersDeps, order_id: UUID) -> Order:
    """Give back what a cancelled (or refunded before shipment) order held, then record it done."""
    status = await give_back(deps, found(await deps.orders.get(order_id), "order", order_id))
    async with deps.uow() as uow:
        order = found(await deps.orders.get(order_id, lock=True), "order", order_id)
        if order.cancel_pending:
            order.cancellation_done(status, deps.clock())
            await deps.orders.save(order)
            uow.collect(order)
            await uow.commit()
    return order


async def cancel_order(cmd: CancelOrder, deps: OrdersDeps) -> OrderView:
    async with deps.uow() as uow:
        order = await deps.orders.get(cmd.order_id, lock=True)
        if order is None or not (cmd.as_staff or order.visible_to(cmd.customer_id, cmd.order_token)):
            raise NotFound(f"order {cmd.order_id} not found")
        if order.cancel(cmd.actor, cmd.reason, deps.clock()):
            await deps.orders.save(order)
            uow.collect(order)
            await uow.commit()
    if order.cancel_pending:
        order = await finish_cancellation(deps, order.id)
    return order.view()
