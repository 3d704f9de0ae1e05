"""Refunds: staff give money back to the order's payment (payments guards the amount, never more than
captured minus refunded), and the order follows what its payment has refunded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, NotFound
from core.money import Money
from core.validation import Findings, found
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
    return OrderRefund(
        order_id=order.id,
        amount=money,
        total_refunded=Money(amount=order.refunded, currency=order.plan.currency),
        status=order.status,
        payment_status=payment.status,
    )


HANDLERS: dict[type[Message], Handler] = {RefundOrder: refund_order}
