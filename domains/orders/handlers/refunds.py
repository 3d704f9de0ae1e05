"""Refunds: staff give money back to the order's payment (payments guards the amount, never more than
captured minus refunded), and the order follows what its payment has refunded. Refunded in full
before shipment, its stock is given back as a cancellation's is (after the refund is recorded; what
stops half way is finished by recovery)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from core.errors import Conflict, DomainError, FieldError, NotFound
from core.money import Money
from core.validation import Findings, found
from domains.orders.handlers.cancellation import finish_cancellation
from domains.orders.messages import OrderRefund, RefundOrder
from domains.orders.model import status_after
from domains.payments.messages import RefundPayment

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.orders.model import Order, Return
    from domains.orders.ports import OrdersDeps
    from domains.payments.messages import PaymentView

log = structlog.get_logger("mercato.orders.refunds")
NOTHING_TO_REFUND = frozenset({"pending_payment", "cancelled", "refunded"})


async def apply_refund(
    deps: OrdersDeps,
    order: Order,
    total: int,
    *,
    actor: str,
    reason: str | None,
    returns: list[Return],
    return_id: UUID | None = None,
    payment_status: str | None = None,
) -> bool:
    """Inside an open unit of work, the order locked: record that its payment's refunds reached
    ``total`` (``OrderRefunded`` for what that adds) and let its status follow. True if it changed."""
    now, before = deps.clock(), (order.status, order.payment)
    added = order.refund(total, now, reason=reason, return_id=return_id)
    if added:
        await deps.refunds.record(
            order, amount=added, actor=actor, reason=reason, return_id=return_id, at=now
        )
    if payment_status:
        order.follow_payment(payment_status)
    order.settle(status_after(order, returns), actor, now, reason)
    return bool(added) or before != (order.status, order.payment)


async def refund_payment(deps: OrdersDeps, order_id: UUID, amount: Money, reason: str) -> PaymentView:
    """``payments.RefundPayment``; its refusals as 409s naming ``amount``."""
    try:
        return await deps.bus.send(RefundPayment(order_id=order_id, amount=amount, reason=reason))
    except NotFound:
        raise Conflict(
            "the order has no payment to refund", errors=[FieldError("amount", "nothing was paid")]
        ) from None
    except Conflict as exc:
        errors = exc.errors or [FieldError("amount", "the payment refused this refund")]
        raise Conflict(exc.detail, errors=errors) from None


def _checked(cmd: RefundOrder, order: Order) -> tuple[Money, str]:
    checks, money = Findings(), cmd.amount
    checks.amount(money.amount, "amount", allow_zero=False)
    reason = checks.text(cmd.reason, "reason", longest=500)
    if money.currency != order.plan.currency:
        checks.add("amount.currency", f"must be {order.plan.currency}, the order's currency")
    checks.raise_any("the refund is invalid")
    if order.status in NOTHING_TO_REFUND:
        raise Conflict(
            f"an order that is {order.status.replace('_', ' ')} has nothing to refund",
            errors=[FieldError("status", f"is {order.status}")],
        )
    return money, reason


async def _give_stock_back(deps: OrdersDeps, order: Order) -> Order:
    """The stock of an order refunded before shipment goes back; the refund is done whatever happens
    here (a failure is left to recovery, never reported as the refund's)."""
    try:
        return await finish_cancellation(deps, order.id)
    except DomainError as exc:
        log.warning("refunded order's stock not given back yet", order_id=str(order.id), error=exc.detail)
        return order


async def refund_order(cmd: RefundOrder, deps: OrdersDeps) -> OrderRefund:
    order = found(await deps.orders.get(cmd.order_id), "order", cmd.order_id)
    money, reason = _checked(cmd, order)
    payment = await refund_payment(deps, order.id, money, reason)
    async with deps.uow() as uow:
        order = found(await deps.orders.get(cmd.order_id, lock=True), "order", cmd.order_id)
        returns = await deps.returns.of_order(order.id)
        total, status = payment.refunded.amount, payment.status
        if await apply_refund(
            deps, order, total, actor=cmd.actor, reason=reason, returns=returns, payment_status=status
        ):
            await deps.orders.save(order)
            uow.collect(order)
            await uow.commit()
    if order.cancel_pending:
        order = await _give_stock_back(deps, order)
    return OrderRefund(
        order_id=order.id,
        amount=money,
        total_refunded=Money(amount=order.refunded, currency=order.plan.currency),
        status=order.status,
        payment_status=payment.status,
    )


HANDLERS: dict[type[Message], Handler] = {RefundOrder: refund_order}
