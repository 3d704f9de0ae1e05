"""Refunds by staff and refunds reaching the order from its payment, with the other domains faked."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, Unavailable
from core.money import Money
from domains.inventory.messages import ReleaseAllocation
from domains.orders.handlers import recover
from domains.orders.handlers.cancellation import cancel_order
from domains.orders.handlers.lifecycle import fulfil_order
from domains.orders.handlers.payment_events import when_payment_refunded_record_refund
from domains.orders.handlers.queries import get_order
from domains.orders.handlers.refunds import refund_order
from domains.orders.messages import CancelOrder, FulfilOrder, GetOrder, OrderRefunded, RefundOrder
from domains.payments.messages import PaymentRefunded, RefundPayment, VoidPayment
from domains.promotions.messages import ReleaseCoupons
from tests.unit.orders.fakes import Clock, deps, eur
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


def releases(shop: ReturnsShop) -> list[str]:
    return [m.reason for m in shop.bus.sent if isinstance(m, ReleaseAllocation)]


async def test_a_full_refund_before_shipment_gives_the_stock_back_and_withdraws_the_goods() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)

    part = await refund_order(refund(order.id, 1000), built)
    after_part = releases(shop)
    rest = await refund_order(refund(order.id, 3168 - 1000), built)

    assert (part.status, after_part) == ("partially_refunded", [])
    assert rest.status == "refunded"
    assert releases(shop) == ["order refunded before shipment"]
    assert not any(isinstance(m, (VoidPayment, ReleaseCoupons)) for m in shop.bus.sent)
    assert orders.rows[order.id].cancel_pending is False
    assert transactions.types().count("OrderFulfilmentCancelled") == 1
    assert [c.status for c in orders.rows[order.id].history][-1] == "refunded"


async def test_a_full_refund_after_shipment_changes_no_stock() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, _ = await delivered(shop, built)

    assert (await refund_order(refund(order.id, 3168), built)).status == "refunded"

    assert releases(shop) == []
    assert "OrderFulfilmentCancelled" not in transactions.types()


async def test_a_refund_stays_done_when_the_stock_cannot_go_back_yet_and_recovery_finishes() -> None:
    shop, clock = ReturnsShop(), Clock()
    built, orders, _, _ = deps(shop, clock)
    order, _ = await placed(shop, built)
    shop.bus.fail(ReleaseAllocation, Unavailable("inventory down"))

    done = await refund_order(refund(order.id, 3168), built)
    pending = orders.rows[order.id].cancel_pending
    clock.advance(61)
    await recover(built)

    assert (done.status, done.total_refunded.amount, pending) == ("refunded", 3168, True)
    assert orders.rows[order.id].cancel_pending is False
    assert releases(shop) == ["order refunded before shipment"] * 2


async def test_a_full_refund_made_at_the_payment_of_an_unshipped_order_gives_its_stock_back() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await placed(shop, built)
    event = PaymentRefunded(order_id=order.id, payment_id=uuid4(), amount=eur(3168), total=eur(3168))

    async with transactions() as uow:
        await when_payment_refunded_record_refund(event, built)
        await uow.commit()

    assert (orders.rows[order.id].status, orders.rows[order.id].cancel_pending) == ("refunded", False)
    assert releases(shop) == ["order refunded before shipment"]


@pytest.mark.parametrize("as_staff", [False, True])
async def test_a_partially_refunded_order_not_shipped_is_cancelled_as_a_paid_one_is(as_staff) -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, token = await placed(shop, built)
    await refund_order(refund(order.id, 500), built)

    cancelled = await cancel_order(
        CancelOrder(
            order_id=order.id,
            customer_id=None,
            actor="staff:1" if as_staff else "guest",
            order_token=None if as_staff else token,
            as_staff=as_staff,
        ),
        built,
    )

    assert cancelled.status == "cancelled"
    assert [c.status for c in cancelled.status_history][2:] == ["partially_refunded", "cancelled"]
    assert releases(shop) == ["order cancelled"]
    assert [type(m).__name__ for m in shop.bus.sent].count("VoidPayment") == 1
    assert (orders.rows[order.id].cancel_pending, transactions.types().count("OrderCancelled")) == (False, 1)


async def test_a_partially_refunded_order_that_shipped_cannot_be_cancelled() -> None:
    shop = ReturnsShop()
    built, orders, _, _ = deps(shop)
    order, token = await delivered(shop, built)
    await refund_order(refund(order.id, 500), built)

    with pytest.raises(Conflict) as refused:
        await cancel_order(
            CancelOrder(order_id=order.id, customer_id=None, actor="guest", order_token=token), built
        )

    assert refused.value.errors[0].field == "status"
    assert (orders.rows[order.id].status, releases(shop)) == ("partially_refunded", [])
