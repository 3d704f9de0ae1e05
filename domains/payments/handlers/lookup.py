"""Finding a payment and its provider, asking the provider, and the two queries.

``ask`` is the one place a provider's error becomes ``core.errors.Unavailable``: the
attempt is written to the ledger first, so staff see every call that failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from core.errors import Unavailable
from core.validation import found
from domains.payments.messages import (
    GetPayment,
    ListPaymentTransactions,
    Outcome,
    PaymentTransaction,
    PaymentView,
    TransactionKind,
)
from domains.payments.ports import ProviderUnavailable

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.payments.model import Payment
    from domains.payments.ports import PaymentProvider, PaymentsDeps, ProviderResult

RETRY_AFTER = 5
OUTCOMES: dict[str, Outcome] = {
    "authorised": "succeeded",
    "captured": "succeeded",
    "voided": "succeeded",
    "refunded": "succeeded",
    "requires_action": "requires_action",
    "declined": "declined",
}


async def payment_of(deps: PaymentsDeps, order_id: UUID) -> Payment:
    """The order's payment, or NotFound."""
    return found(await deps.payments.get(order_id), "payment of order", order_id)


def provider_of(deps: PaymentsDeps, payment: Payment) -> PaymentProvider:
    """The payment's provider; Unavailable if it was disabled since the payment began."""
    provider = deps.providers.get(payment.provider)
    if provider is None:
        raise Unavailable(f"payment provider {payment.provider} is not enabled", retry_after=RETRY_AFTER)
    return provider


def reason_of(text: str | None) -> str | None:
    """A provider's words, short enough for the ledger."""
    return text[:500] if text else None


async def ask(
    deps: PaymentsDeps,
    payment: Payment,
    kind: TransactionKind,
    call: Callable[[PaymentProvider], Awaitable[ProviderResult]],
) -> ProviderResult:
    """``call`` the payment's provider; its error is recorded, then raised as Unavailable."""
    provider = provider_of(deps, payment)
    try:
        return await call(provider)
    except ProviderUnavailable as exc:
        async with deps.uow() as uow:
            if payment.status == "pending":
                payment.fail()
                await deps.payments.save(payment, {"pending"})
            amount = payment.amount.amount
            await deps.payments.record(payment, kind, amount, "failed", reason=reason_of(exc.detail))
            await uow.commit()
        raise Unavailable(
            f"payment provider {payment.provider} is unavailable; nothing was done, try again",
            retry_after=exc.retry_after or RETRY_AFTER,
        ) from exc


async def get_payment(query: GetPayment, deps: PaymentsDeps) -> PaymentView:
    return (await payment_of(deps, query.order_id)).view()


async def list_payment_transactions(
    query: ListPaymentTransactions, deps: PaymentsDeps
) -> list[PaymentTransaction]:
    return await deps.payments.transactions(await payment_of(deps, query.order_id))


HANDLERS: dict[type[Message], Handler] = {
    GetPayment: get_payment,
    ListPaymentTransactions: list_payment_transactions,
}
