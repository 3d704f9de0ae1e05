"""A payment that required the shopper's action (3-D Secure): the checkout placed its order waiting
in ``pending_payment`` with the payment's ``action_url``; once the shopper has confirmed, the payment
is finished and the order paid, or cancelled with its stock and coupon use given back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, NotFound, PaymentRequired
from domains.orders.handlers.payment_events import cancel_pending, pay_pending
from domains.orders.handlers.saga import accepted
from domains.orders.messages import ConfirmOrderPayment, OrderView
from domains.payments.messages import ConfirmPayment

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.orders.ports import OrdersDeps


async def confirm_order_payment(cmd: ConfirmOrderPayment, deps: OrdersDeps) -> OrderView:
    order = await deps.orders.get(cmd.order_id)
    if order is None or not order.visible_to(cmd.customer_id, cmd.order_token):
        raise NotFound(f"order {cmd.order_id} not found")
    if (
        order.status != "pending_payment"
        or order.payment is None
        or order.payment.status != "requires_action"
    ):
        raise Conflict(
            "the order's payment is not waiting for a confirmation",
            errors=[FieldError("status", f"the order is {order.status}")],
        )
    payment = await deps.bus.send(ConfirmPayment(order_id=order.id))
    if payment.status in accepted(deps) - {"held", "requires_action"}:
        return (await pay_pending(deps, order.id, payment.status) or order).view()
    if payment.status in ("declined", "failed", "voided"):
        await cancel_pending(deps, order.id)
        reason = payment.decline_reason or "declined"
        raise PaymentRequired(f"the payment was declined ({reason})", errors=[FieldError("payment", reason)])
    return order.view()  # still waiting (held for review, or another step)


HANDLERS: dict[type[Message], Handler] = {ConfirmOrderPayment: confirm_order_payment}
