"""Capturing an authorised payment and voiding one; both idempotent.

Each provider call carries a key derived from the payment id, so a repeat after a
crash between the call and our record replays the provider's answer. Voiding a
captured payment refunds what is left of it instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict
from domains.payments.handlers.lookup import ask, payment_of, reason_of
from domains.payments.handlers.refunds import NothingLeft, refund
from domains.payments.messages import CapturePayment, PaymentView, VoidPayment
from domains.payments.model import CAPTURED
from domains.payments.ports import ProviderResult

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.payments.messages import TransactionKind
    from domains.payments.model import Payment
    from domains.payments.ports import PaymentsDeps, ProviderStatus

VOID_REASON = "voided after capture"


async def _refused(
    deps: PaymentsDeps, payment: Payment, kind: TransactionKind, result: ProviderResult
) -> None:
    """Record that the provider said no, then raise Conflict with its reason."""
    reason = reason_of(result.decline_reason) or "refused"
    async with deps.uow() as uow:
        amount = payment.amount.amount
        await deps.payments.record(
            payment, kind, amount, "declined", reference=result.reference, reason=reason
        )
        await uow.commit()
    raise Conflict(f"the payment provider refused to {kind} the payment: {reason}")


async def _done(
    deps: PaymentsDeps, payment: Payment, kind: TransactionKind, was: str, reference: str
) -> PaymentView:
    """Store the payment's new state with its ledger line and events, unless another call did first."""
    async with deps.uow() as uow:
        if not await deps.payments.save(payment, {was}):
            return (await payment_of(deps, payment.order_id)).view()
        await deps.payments.record(payment, kind, payment.amount.amount, "succeeded", reference=reference)
        uow.collect(payment)
        await uow.commit()
    return payment.view()


async def _answer(
    deps: PaymentsDeps, payment: Payment, kind: TransactionKind, expected: ProviderStatus
) -> ProviderResult:
    """The provider's answer to ``kind`` (none is asked for a payment of nothing)."""
    if payment.amount.amount == 0:
        return ProviderResult(reference="", status=expected)
    reference, amount, key = payment.reference or "", payment.amount, f"{payment.id}:{kind}"
    if kind == "capture":
        return await ask(deps, payment, kind, lambda p: p.capture(reference, amount, idempotency_key=key))
    return await ask(deps, payment, kind, lambda p: p.void(reference, idempotency_key=key))


async def capture_payment(cmd: CapturePayment, deps: PaymentsDeps) -> PaymentView:
    payment = await payment_of(deps, cmd.order_id)
    if payment.status in CAPTURED:
        return payment.view()
    if payment.status != "authorised":
        raise Conflict(f"a {payment.status} payment cannot be captured")
    result = await _answer(deps, payment, "capture", "captured")
    if result.status != "captured":
        await _refused(deps, payment, "capture", result)
    payment.mark_captured()
    return await _done(deps, payment, "capture", "authorised", result.reference or payment.reference or "")


async def void_payment(cmd: VoidPayment, deps: PaymentsDeps) -> PaymentView:
    payment = await payment_of(deps, cmd.order_id)
    if payment.status in ("captured", "partially_refunded"):
        if payment.refundable <= 0:
            return payment.view()
        try:
            return await refund(deps, payment, payment.refundable, VOID_REASON)
        except NothingLeft:  # another void or refund took the rest first
            return (await payment_of(deps, payment.order_id)).view()
    if payment.status in ("voided", "declined", "refunded"):
        return payment.view()
    if not payment.settled:
        raise Conflict(
            f"the payment is {payment.status}: its outcome is unknown until the authorisation is repeated"
        )
    was = payment.status
    result = await _answer(deps, payment, "void", "voided")
    if result.status != "voided":
        await _refused(deps, payment, "void", result)
    payment.mark_voided()
    return await _done(deps, payment, "void", was, result.reference or payment.reference or "")


HANDLERS: dict[type[Message], Handler] = {CapturePayment: capture_payment, VoidPayment: void_payment}
