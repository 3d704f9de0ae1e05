"""The staff review queue: held payments, approved (captured) or rejected (voided), once.

The decision is recorded first (one row per payment), so an approval and a rejection
racing each other cannot both reach the provider; the same decision repeated after a
provider failure goes on with the same idempotency key. A payment no longer held (decided
already, cancelled, ...) is a Conflict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.cards import masked
from core.errors import Conflict, FieldError
from core.validation import Findings
from domains.payments.handlers.lookup import ask, payment_of, reason_of
from domains.payments.handlers.screening import page_size, screening_of
from domains.payments.messages import ApprovePayment, PaymentView, RejectPayment
from domains.payments.messages.fraud import ListHeldPayments
from domains.payments.ports import ProviderResult

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.paging import Page
    from domains.payments.messages import TransactionKind
    from domains.payments.messages.fraud import HeldPayment
    from domains.payments.model import Payment
    from domains.payments.ports import PaymentsDeps
    from domains.payments.ports.fraud import ReviewDecision

LONGEST_REASON = 500


def _not_held(payment: Payment) -> Conflict:
    return Conflict(
        f"the payment is {payment.status}, not held for review: it was decided already or moved on",
        errors=[FieldError("order_id", f"payment is {payment.status}")],
    )


async def _claim(
    deps: PaymentsDeps, payment: Payment, decision: ReviewDecision, actor: str, reason: str | None
) -> None:
    """Record the decision before the provider is asked; Conflict if the other one was recorded."""
    if payment.status != "held":
        raise _not_held(payment)
    async with deps.uow() as uow:
        if not await screening_of(deps).store.decide(payment.id, decision, actor[:100], reason):
            raise Conflict(
                "another staff decision on this payment was recorded first",
                errors=[FieldError("order_id", "decided already")],
            )
        await uow.commit()


async def _provider(deps: PaymentsDeps, payment: Payment, kind: TransactionKind) -> ProviderResult:
    if payment.amount.amount == 0:  # nothing was authorised: no provider is asked
        return ProviderResult(reference="", status="captured" if kind == "capture" else "voided")
    reference, key = payment.reference or "", f"{payment.id}:{kind}"
    if kind == "capture":
        amount = payment.amount
        return await ask(deps, payment, kind, lambda p: p.capture(reference, amount, idempotency_key=key))
    return await ask(deps, payment, kind, lambda p: p.void(reference, idempotency_key=key))


async def _decided(
    deps: PaymentsDeps, payment: Payment, kind: TransactionKind, result: ProviderResult, reason: str | None
) -> PaymentView:
    """Store the payment's new state, its ledger line and events; Conflict if it moved meanwhile."""
    async with deps.uow() as uow:
        if not await deps.payments.save(payment, {"held"}):
            raise _not_held(await payment_of(deps, payment.order_id))
        reference = result.reference or payment.reference
        await deps.payments.record(
            payment, kind, payment.amount.amount, "succeeded", reference=reference, reason=reason
        )
        uow.collect(payment)
        await uow.commit()
    return payment.view()


async def _refused(
    deps: PaymentsDeps, payment: Payment, kind: TransactionKind, result: ProviderResult
) -> Conflict:
    reason = reason_of(result.decline_reason) or "refused"
    async with deps.uow() as uow:
        await deps.payments.record(
            payment, kind, payment.amount.amount, "declined", reference=result.reference, reason=reason
        )
        await uow.commit()
    return Conflict(f"the payment provider refused to {kind} the payment: {reason}")


async def approve_payment(cmd: ApprovePayment, deps: PaymentsDeps) -> PaymentView:
    payment = await payment_of(deps, cmd.order_id)
    await _claim(deps, payment, "approved", cmd.actor, None)
    result = await _provider(deps, payment, "capture")
    if result.status != "captured":
        raise await _refused(deps, payment, "capture", result)
    payment.mark_captured()
    return await _decided(deps, payment, "capture", result, f"approved by {cmd.actor}"[:500])


async def reject_payment(cmd: RejectPayment, deps: PaymentsDeps) -> PaymentView:
    problems = Findings()
    reason = masked(problems.text(cmd.reason, "reason", longest=LONGEST_REASON))
    problems.raise_any("the rejection is invalid")
    payment = await payment_of(deps, cmd.order_id)
    await _claim(deps, payment, "rejected", cmd.actor, reason)
    result = await _provider(deps, payment, "void")
    if result.status != "voided":
        raise await _refused(deps, payment, "void", result)
    payment.mark_voided()
    return await _decided(deps, payment, "void", result, reason)


async def list_held_payments(query: ListHeldPayments, deps: PaymentsDeps) -> Page[HeldPayment]:
    return await screening_of(deps).store.held(page_size(query.limit), query.cursor)


HANDLERS: dict[type[Message], Handler] = {
    ApprovePayment: approve_payment,
    RejectPayment: reject_payment,
    ListHeldPayments: list_held_payments,
}
