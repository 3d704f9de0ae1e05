"""Refunds by staff and refunds reaching the order from its payment, with the other domains faked."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid
from core.money import Money
from domains.orders.handlers.cancellation import cancel_order
from domains.orders.handlers.payment_events import when_payment_refunded_record_refund
from domains.orders.handlers.queries import get_order
from domains.orders.handlers.refunds import refund_order
from domains.orders.messages import CancelOrder, GetOrder, OrderRefunded, RefundOrder
from domains.payments.messages import PaymentRefunded, RefundPayment
from tests.unit.orders.fakes import deps, eur
from tests.unit.orders.returns_shop import ReturnsShop, delivered, placed


def refund(order_id, amount: int, currency: str = "EUR") -> RefundOrder:
    return RefundOrder(
        order_id=order_id, amount=Money(amount=amount, currency=currency), reason="goodwill", actor="staff:1"
    )


async def test_a_partial_refund_then_the_rest_make_the_order_partially_refunded_then_refunded() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, _ = await delivered(shop, built)

    first = await refund_order(refund(order.id, 1000), built)
    second = await refund_order(refund(order.id, 3168 - 1000), built)

    assert (first.status, first.total_refunded.amount, first.payment_status) == (
        "partially_refunded",
        1000,
        "partially_refunded",
    )
    assert (second.status, second.total_refunded.amount, second.payment_status) == (
        "refunded",
        3168,
        "refunded",
    )
    events = transactions.of_type(OrderRefunded)
    assert [(e.amount.amount, e.total_refunded.amount, e.reason) for e in events] == [
        (1000, 1000, "goodwill"),
        (2168, 3168, "goodwill"),
    ]
    seen = await get_order(GetOrder(order_id=order.id, customer_id=None, as_staff=True), built)
    assert (seen.refunded, seen.payment and seen.payment.status) == (eur(3168), "refunded")


async def test_a_refund_over_what_is_left_is_a_conflict_naming_amount_and_changes_nothing() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, _ = await delivered(shop, built)
    await refund_order(refund(order.id, 3000), built)

    with pytest.raises(Conflict) as refused:
        await refund_order(refund(order.id, 169), built)

    assert refused.value.errors[0].field == "amount"
    assert len(transactions.of_type(OrderRefunded)) == 1
    seen = await get_order(GetOrder(order_id=order.id, customer_id=None, as_staff=True), built)
    assert (seen.status, seen.refunded) == ("partially_refunded", eur(3000))


async def test_a_refund_in_another_currency_or_of_nothing_is_invalid_naming_the_field() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, _ = await delivered(shop, built)

    with pytest.raises(Invalid) as other:
        await refund_order(refund(order.id, 100, "USD"), built)
    with pytest.raises(Invalid) as nothing:
        await refund_order(refund(order.id, 0), built)

    assert [e.field for e in other.value.errors] == ["amount.currency"]
    assert [e.field for e in nothing.value.errors] == ["amount"]
    assert not any(isinstance(m, RefundPayment) for m in shop.bus.sent)


async def test_a_cancelled_order_has_nothing_left_to_refund() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await placed(shop, built)
    await cancel_order(
        CancelOrder(order_id=order.id, customer_id=None, actor="guest", order_token=token), built
    )

    with pytest.raises(Conflict) as refused:
        await refund_order(refund(order.id, 100), built)

    assert refused.value.errors[0].field == "status"


async def test_a_refund_made_at_the_payment_reaches_the_order_once() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await delivered(shop, built)
    event = PaymentRefunded(
        order_id=order.id, payment_id=uuid4(), amount=eur(500), total=eur(500), reason="dashboard"
    )

    for _ in range(2):
        async with transactions() as uow:
            await when_payment_refunded_record_refund(event, built)
            await uow.commit()

    assert (orders.rows[order.id].status, orders.rows[order.id].refunded) == ("partially_refunded", 500)
    assert [e.amount.amount for e in transactions.of_type(OrderRefunded)] == [500]


async def test_the_refund_of_a_cancelled_order_does_not_move_it() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, token = await placed(shop, built)
    await cancel_order(
        CancelOrder(order_id=order.id, customer_id=None, actor="guest", order_token=token), built
    )
    event = PaymentRefunded(order_id=order.id, payment_id=uuid4(), amount=eur(3168), total=eur(3168))

    await when_payment_refunded_record_refund(event, built)

    assert (orders.rows[order.id].status, orders.rows[order.id].refunded) == ("cancelled", 0)
    assert transactions.of_type(OrderRefunded) == []
