"""Authorising a payment and confirming one that required the shopper's action.

The payment row is written "pending" and committed before the provider is asked,
with the payment id as the idempotency key. If the process dies between the
provider's answer and our record, a repeat finds the pending row and asks again
with the same key: the provider answers the charge it already made, never a
second one. A settled payment is answered from its row without asking at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import uuid4

from core.errors import Conflict, Unavailable
from core.validation import Findings
from domains.payments.handlers.lookup import OUTCOMES, ask, payment_of
from domains.payments.handlers.screening import fraud_fields, keep_attempt, screen, with_saved_method
from domains.payments.messages import AuthorisePayment, ConfirmPayment, PaymentView
from domains.payments.model import UNSETTLED, Payment, looks_like_card_number
from domains.payments.ports import AuthoriseRequest, ProviderResult

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.money import Money
    from domains.payments.ports import PaymentsDeps, ProviderStatus

LONGEST_TOKEN = 500


def _checked(cmd: AuthorisePayment, deps: PaymentsDeps) -> Money:
    problems = Findings()
    if cmd.provider not in deps.providers:
        known = ", ".join(sorted(deps.providers)) or "none"
        problems.add("payment.provider", f"unknown payment provider; enabled: {known}")
    amount = problems.money(cmd.amount, "amount")
    if looks_like_card_number(cmd.token):
        problems.add("payment.token", "must be the provider's token, never a card number")
    elif cmd.token is not None and len(cmd.token) > LONGEST_TOKEN:
        problems.add("payment.token", f"at most {LONGEST_TOKEN} characters")
    problems.extend(fraud_fields(cmd))
    problems.raise_any("the payment is invalid")
    return amount


async def settle(deps: PaymentsDeps, payment: Payment, result: ProviderResult) -> PaymentView:
    """Record the provider's answer to an authorisation, with its events, once."""
    was = UNSETTLED if not payment.settled else {payment.status}
    try:
        payment.settle(
            result.status,
            result.reference,
            decline_reason=result.decline_reason,
            action_url=result.action_url,
        )
    except ValueError as exc:
        raise Unavailable(f"payment provider {payment.provider} answered {result.status!r}") from exc
    amount = payment.amount.amount
    async with deps.uow() as uow:
        if not await deps.payments.save(payment, was):
            # Another call recorded the answer to the same idempotency key first: theirs stands.
            return (await payment_of(deps, payment.order_id)).view()
        outcome = OUTCOMES[result.status]
        reference, reason = payment.reference, payment.decline_reason
        await deps.payments.record(payment, "authorise", amount, outcome, reference=reference, reason=reason)
        if payment.status == "captured":
            await deps.payments.record(payment, "capture", amount, "succeeded", reference=reference)
        uow.collect(payment)
        await uow.commit()
    return payment.view()


async def authorise_payment(cmd: AuthorisePayment, deps: PaymentsDeps) -> PaymentView:
    cmd = await with_saved_method(cmd, deps)
    amount = _checked(cmd, deps)
    fresh = Payment(
        id=uuid4(), order_id=cmd.order_id, provider=cmd.provider, amount=amount, capture=cmd.capture
    )
    attempt = await screen(cmd, amount, fresh, deps)  # a repeat keeps the first payment's verdict
    async with deps.uow() as uow:
        payment = await deps.payments.open(fresh)
        if payment.id == fresh.id:
            await keep_attempt(deps, payment, attempt, cmd)
        await uow.commit()
    if payment.settled:
        return payment.view()
    if payment.fraud_decision == "block":  # refused by the fraud rules: the provider is never asked
        return await settle(
            deps, payment, ProviderResult(reference="", status="declined", decline_reason="fraud")
        )
    if payment.amount.amount == 0:  # nothing to charge: no provider is asked
        return await settle(deps, payment, ProviderResult(reference="", status=_taken(payment)))
    request = AuthoriseRequest(
        idempotency_key=str(payment.id),
        order_id=payment.order_id,
        amount=payment.amount,
        token=cmd.token,
        capture=payment.capture,
        customer_id=cmd.customer_id,
        email=cmd.email,
    )
    result = await ask(deps, payment, "authorise", lambda provider: provider.authorise(request))
    return await settle(deps, payment, result)


def _taken(payment: Payment) -> ProviderStatus:
    return "captured" if payment.capture else "authorised"


async def confirm_payment(cmd: ConfirmPayment, deps: PaymentsDeps) -> PaymentView:
    payment = await payment_of(deps, cmd.order_id)
    if payment.status != "requires_action":
        if payment.settled:
            return payment.view()
        raise Conflict(
            f"the payment is {payment.status}: repeat the authorisation, there is nothing to confirm"
        )
    reference = payment.reference or ""
    key = f"{payment.id}:confirm"
    result = await ask(
        deps,
        payment,
        "authorise",
        lambda provider: provider.confirm(reference, capture=payment.capture, idempotency_key=key),
    )
    return await settle(deps, payment, result)


HANDLERS: dict[type[Message], Handler] = {
    AuthorisePayment: authorise_payment,
    ConfirmPayment: confirm_payment,
}
