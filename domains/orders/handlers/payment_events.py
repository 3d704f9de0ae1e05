"""Orders follow their payments: a held payment captured pays its pending order, one voided cancels it
(its stock and coupon use given back), and refunds made anywhere reach the order.

Each runs once per event (the inbox); an event for an order already past that state changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import re
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

import structlog

from core import context
from core.errors import DomainError, NotFound
from domains.inventory.messages import ReleaseAllocation
from domains.orders.handlers.cancellation import give_back
from domains.orders.handlers.refunds import apply_refund
from domains.payments.messages import GetPayment, PaymentCaptured, PaymentRefunded, PaymentVoided
from domains.promotions.messages import ReleaseCoupons

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from core.domain import Handler
    from core.messages import Event
    from domains.orders.model import Order
    from domains.orders.ports import OrdersDeps

T = TypeVar("T")
log = structlog.get_logger("mercato.orders.payment_events")
VOIDED_REASON = "the payment was refused after review"
_RETURN_REASON = re.compile(r"^return ([0-9a-f-]{36})$")


def _actor(order: Order) -> str:
    return f"payment:{order.payment.provider if order.payment else order.plan.provider}"


async def outside_transaction(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` (messages to other domains) in a context without this subscriber's open unit of
    work, keeping the correlation: an actor the message starts must not inherit the transaction."""
    fresh = contextvars.Context()
    fresh.run(context.correlation_id.set, context.correlation_id.get())
    fresh.run(context.causation_id.set, context.causation_id.get())
    return await asyncio.create_task(work, context=fresh)


async def pay_pending(deps: OrdersDeps, order_id: UUID, payment_status: str = "captured") -> Order | None:
    """A payment held for review (or confirmed by the shopper) went through: its pending order is
    paid (``OrderPaid``)."""
    async with deps.uow() as uow:
        order = await deps.orders.get(order_id, lock=True)
        if order is None or order.status != "pending_payment":
            return None
        order.pay(payment_status, deps.clock())
        await deps.orders.save(order)
        uow.collect(order)
        await uow.commit()
    return order


async def when_payment_captured_pay_order(event: PaymentCaptured, deps: OrdersDeps) -> None:
    await pay_pending(deps, event.order_id)


async def _give_back(deps: OrdersDeps, order_id: UUID, coupons: bool) -> None:
    with contextlib.suppress(NotFound):  # nothing was allocated
        await deps.bus.send(ReleaseAllocation(order_id=order_id, reason=VOIDED_REASON))
    if coupons:
        await deps.bus.send(ReleaseCoupons(order_id=order_id))


async def cancel_pending(deps: OrdersDeps, order_id: UUID) -> Order | None:
    """A payment held for review was voided: its pending order is cancelled (``OrderCancelled``), its
    stock and coupon use given back first (both idempotent, so a retry repeats them harmlessly)."""
    order = await deps.orders.get(order_id)
    if order is None or order.status != "pending_payment":
        return None
    await outside_transaction(_give_back(deps, order.id, bool(order.plan.applied_promotions)))
    async with deps.uow() as uow:
        order = await deps.orders.get(order_id, lock=True)
        if order is None or order.status != "pending_payment":
            return None
        order.cancel(_actor(order), VOIDED_REASON, deps.clock())
        order.cancellation_done("voided", deps.clock())
        await deps.orders.save(order)
        uow.collect(order)
        await uow.commit()
    return order


async def when_payment_voided_cancel_order(event: PaymentVoided, deps: OrdersDeps) -> None:
    await cancel_pending(deps, event.order_id)


async def settle_held(deps: OrdersDeps, order: Order) -> Order:
    """The held payment of a just placed order, decided before the order existed (its event found no
    order to change), is followed now."""
    payment = await deps.bus.ask(GetPayment(order_id=order.id))
    if payment.status == "captured":
        return await pay_pending(deps, order.id) or order
    if payment.status == "voided":
        return await cancel_pending(deps, order.id) or order
    return order


async def _give_stock_back(deps: OrdersDeps, order: Order) -> bool:
    """The stock of an order refunded before shipment goes back; True when done. A failure leaves it
    pending for recovery and keeps the refund, which happened."""
    try:
        status = await outside_transaction(give_back(deps, order))
    except DomainError as exc:
        log.warning("refunded order's stock not given back yet", order_id=str(order.id), error=exc.detail)
        return False
    order.cancellation_done(status, deps.clock())
    return True


async def when_payment_refunded_record_refund(event: PaymentRefunded, deps: OrdersDeps) -> None:
    """A refund of the order's payment, wherever it was asked, reaches the order (once: by its total);
    one that refunds an unshipped order in full gives its stock back too."""
    if event.total is None:
        return
    named = _RETURN_REASON.match(event.reason or "")
    async with deps.uow() as uow:
        order = await deps.orders.get(event.order_id, lock=True)
        if order is None or order.status in ("pending_payment", "cancelled"):
            return
        changed = await apply_refund(
            deps,
            order,
            event.total.amount,
            actor=_actor(order),
            reason=event.reason,
            returns=await deps.returns.of_order(order.id),
            return_id=UUID(named.group(1)) if named else None,
        )
        if order.cancel_pending:
            changed = await _give_stock_back(deps, order) or changed
        if changed:
            await deps.orders.save(order)
            uow.collect(order)
            await uow.commit()


SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    PaymentCaptured: [when_payment_captured_pay_order],
    PaymentVoided: [when_payment_voided_cancel_order],
    PaymentRefunded: [when_payment_refunded_record_refund],
}
