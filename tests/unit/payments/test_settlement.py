"""Capturing, voiding and refunding over in-memory ports: idempotent, never past what was captured."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from core.errors import Conflict, Invalid, Unavailable
from domains.payments.handlers.authorisation import authorise_payment
from domains.payments.handlers.lookup import list_payment_transactions
from domains.payments.handlers.refunds import refund_payment
from domains.payments.handlers.settlement import capture_payment, void_payment
from domains.payments.messages import (
    AuthorisePayment,
    CapturePayment,
    ListPaymentTransactions,
    PaymentRefunded,
    RefundPayment,
    VoidPayment,
)
from domains.payments.ports import PaymentsDeps
from tests.unit.payments.fakes import CountingProvider, deps, eur


async def paid(d: PaymentsDeps, *, capture: bool = True, token: str = "ok", amount: int = 10000) -> UUID:
    order_id = uuid4()
    cmd = AuthorisePayment(
        order_id=order_id, amount=eur(amount), provider="fake", token=token, capture=capture
    )
    await authorise_payment(cmd, d)
    return order_id


def refund(order_id: UUID, amount: int, currency: str = "EUR") -> RefundPayment:
    from core.money import Money

    return RefundPayment(order_id=order_id, amount=Money(amount=amount, currency=currency), reason="damaged")


async def test_a_hold_is_captured_once_however_often_capture_is_asked() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d, capture=False)

    first = await capture_payment(CapturePayment(order_id=order_id), d)
    again = await capture_payment(CapturePayment(order_id=order_id), d)

    assert (first.status, first.captured) == ("captured", eur(10000))
    assert again == first
    assert provider.asked("capture") == [f"{first.id}:capture"]
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]


async def test_a_declined_payment_cannot_be_captured() -> None:
    d = deps()
    order_id = await paid(d, token="decline")

    with pytest.raises(Conflict):
        await capture_payment(CapturePayment(order_id=order_id), d)


async def test_a_capture_the_provider_refuses_is_a_conflict_and_leaves_the_hold() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d, capture=False)
    provider.refuse = "authorisation_expired"

    with pytest.raises(Conflict) as refused:
        await capture_payment(CapturePayment(order_id=order_id), d)

    assert "authorisation_expired" in refused.value.detail
    ledger = await list_payment_transactions(ListPaymentTransactions(order_id=order_id), d)
    assert [(t.kind, t.outcome, t.reason) for t in ledger][-1] == (
        "capture",
        "declined",
        "authorisation_expired",
    )
    assert d.payments.rows[order_id].status == "authorised"  # type: ignore[attr-defined]


async def test_voiding_a_hold_releases_it_once() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d, capture=False)

    voided = await void_payment(VoidPayment(order_id=order_id), d)
    again = await void_payment(VoidPayment(order_id=order_id), d)

    assert voided.status == again.status == "voided"
    assert len(provider.asked("void")) == 1
    assert d.uow.types() == ["PaymentAuthorised", "PaymentVoided"]  # type: ignore[attr-defined]


async def test_voiding_a_captured_payment_refunds_what_is_left_of_it() -> None:
    d = deps()
    order_id = await paid(d)
    await refund_payment(refund(order_id, 2500), d)

    voided = await void_payment(VoidPayment(order_id=order_id), d)
    again = await void_payment(VoidPayment(order_id=order_id), d)

    assert (voided.status, voided.refunded) == ("refunded", eur(10000))
    assert again == voided
    amounts = [e.amount for e in d.uow.of_type(PaymentRefunded)]  # type: ignore[attr-defined]
    assert amounts == [eur(2500), eur(7500)]


async def test_refunds_add_up_to_the_capture_and_never_pass_it() -> None:
    d = deps()
    order_id = await paid(d)

    part = await refund_payment(refund(order_id, 3000), d)
    with pytest.raises(Conflict) as refused:
        await refund_payment(refund(order_id, 7001), d)
    rest = await refund_payment(refund(order_id, 7000), d)

    assert (part.status, part.refunded) == ("partially_refunded", eur(3000))
    assert refused.value.errors[0].field == "amount"
    assert "7000" in refused.value.detail
    assert (rest.status, rest.refunded) == ("refunded", eur(10000))
    last = d.uow.of_type(PaymentRefunded)[-1]  # type: ignore[attr-defined]
    assert (last.amount, last.total, last.reason) == (eur(7000), eur(10000), "damaged")


async def test_a_refund_must_be_positive_in_the_payments_currency_and_have_a_reason() -> None:
    d = deps()
    order_id = await paid(d)

    with pytest.raises(Invalid) as zero:
        await refund_payment(RefundPayment(order_id=order_id, amount=eur(0), reason=" "), d)
    with pytest.raises(Invalid) as dollars:
        await refund_payment(refund(order_id, 100, "USD"), d)

    assert [e.field for e in zero.value.errors] == ["amount.amount", "reason"]
    assert [e.field for e in dollars.value.errors] == ["amount.currency"]


async def test_an_uncaptured_hold_has_nothing_to_refund() -> None:
    d = deps()
    order_id = await paid(d, capture=False)

    with pytest.raises(Conflict):
        await refund_payment(refund(order_id, 100), d)


async def test_a_provider_error_during_a_refund_gives_the_held_amount_back() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d)
    provider.down = True

    with pytest.raises(Unavailable):
        await refund_payment(refund(order_id, 4000), d)

    row = d.payments.rows[order_id]  # type: ignore[attr-defined]
    assert (row.status, row.refunded, row.refunding) == ("captured", 0, 0)
    assert d.payments.kinds()[-1] == ("refund", "failed")  # type: ignore[attr-defined]
    assert d.uow.of_type(PaymentRefunded) == []  # type: ignore[attr-defined]


async def test_a_refund_the_provider_refuses_is_a_conflict_and_gives_the_hold_back() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d)
    provider.refuse = "insufficient_balance"

    with pytest.raises(Conflict):
        await refund_payment(refund(order_id, 4000), d)

    row = d.payments.rows[order_id]  # type: ignore[attr-defined]
    assert (row.refunded, row.refunding) == (0, 0)
    assert d.payments.kinds()[-1] == ("refund", "declined")  # type: ignore[attr-defined]


async def test_each_refund_asks_the_provider_under_its_own_ledger_line_key() -> None:
    provider = CountingProvider()
    d = deps(provider)
    order_id = await paid(d)

    await refund_payment(refund(order_id, 1000), d)
    await refund_payment(refund(order_id, 1000), d)

    ledger = await list_payment_transactions(ListPaymentTransactions(order_id=order_id), d)
    refund_lines = [str(t.id) for t in ledger if t.kind == "refund"]
    assert provider.asked("refund") == refund_lines
    assert len(set(refund_lines)) == 2
