"""Refunds: never more than was captured, even when many are asked at once.

The amount is first held by one conditional UPDATE (``reserve_refund``) and committed;
only then is the provider asked, with the ledger line's id as the idempotency key.
Its answer turns the hold into a refund, or gives it back. Ten concurrent refunds
of 30.00 on a 100.00 capture: three are held, the other seven are refused at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, Invalid, Unavailable
from core.validation import Findings
from domains.payments.handlers.lookup import RETRY_AFTER, payment_of, provider_of, reason_of
from domains.payments.messages import PaymentRefunded, PaymentView, RefundPayment
from domains.payments.model import CAPTURED
from domains.payments.ports import ProviderUnavailable

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.payments.messages import Outcome
    from domains.payments.model import Payment
    from domains.payments.ports import PaymentsDeps, ProviderResult


class NothingLeft(Conflict):
    """The refund asked for more than is left to refund (some may be in flight)."""


def _too_much(payment: Payment) -> Conflict:
    left = payment.money(max(payment.refundable, 0))
    return NothingLeft(
        f"at most {left.amount} {left.currency} (minor units) of this payment can still be refunded",
        errors=[FieldError("amount", f"at most {left.amount} can still be refunded")],
    )


async def _hold(deps: PaymentsDeps, payment: Payment, amount: int, reason: str) -> UUID:
    async with deps.uow() as uow:
        if not await deps.payments.reserve_refund(payment.order_id, amount):
            raise _too_much(await payment_of(deps, payment.order_id))
        line = await deps.payments.record(payment, "refund", amount, "pending", reason=reason)
        await uow.commit()
    return line


async def _release(
    deps: PaymentsDeps, payment: Payment, line: UUID, amount: int, reason: str, result: ProviderResult | None
) -> Payment:
    """Turn the held amount into a refund when the provider did it (``result`` refunded), else give it back."""
    done = result is not None and result.status == "refunded"
    async with deps.uow() as uow:
        after = await deps.payments.finish_refund(payment.id, amount, refunded=done)
        outcome: Outcome = "succeeded" if done else ("failed" if result is None else "declined")
        await deps.payments.settle_line(line, outcome, result.reference if result else None)
        if done:
            uow.add(
                PaymentRefunded(
                    order_id=payment.order_id,
                    payment_id=payment.id,
                    amount=payment.money(amount),
                    total=payment.money(after.refunded),
                    reason=reason,
                )
            )
        await uow.commit()
    return after


async def refund(deps: PaymentsDeps, payment: Payment, amount: int, reason: str) -> PaymentView:
    """Refund ``amount`` of a captured payment through its provider."""
    provider = provider_of(deps, payment)
    line = await _hold(deps, payment, amount, reason)
    try:
        result = await provider.refund(
            payment.reference or "", payment.money(amount), idempotency_key=str(line)
        )
    except ProviderUnavailable as exc:
        await _release(deps, payment, line, amount, reason, None)
        raise Unavailable(
            f"payment provider {payment.provider} is unavailable; nothing was refunded, try again",
            retry_after=exc.retry_after or RETRY_AFTER,
        ) from exc
    after = await _release(deps, payment, line, amount, reason, result)
    if result.status != "refunded":
        raise Conflict(
            f"the payment provider refused the refund: {reason_of(result.decline_reason) or 'refused'}"
        )
    return after.view()


async def refund_payment(cmd: RefundPayment, deps: PaymentsDeps) -> PaymentView:
    problems = Findings()
    money = problems.money(cmd.amount, "amount", allow_zero=False)
    reason = problems.text(cmd.reason, "reason", longest=500)
    problems.raise_any("the refund is invalid")
    payment = await payment_of(deps, cmd.order_id)
    if money.currency != payment.amount.currency:
        raise Invalid(
            f"the payment is in {payment.amount.currency}",
            errors=[FieldError("amount.currency", f"must be {payment.amount.currency}")],
        )
    if payment.status not in CAPTURED:
        raise Conflict(f"a {payment.status} payment has nothing captured to refund")
    return await refund(deps, payment, money.amount, reason)


HANDLERS: dict[type[Message], Handler] = {RefundPayment: refund_payment}
