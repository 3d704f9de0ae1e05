"""Held payments and capture at shipment, with the other domains faked: a payment held for review
leaves its order waiting until it is captured (paid) or voided (cancelled, stock and coupons given
back); a shop that captures at shipment only authorises at checkout and captures when staff ship."""

from __future__ import annotations

from uuid import uuid4

import msgspec
import pytest

from core.errors import Conflict, Unavailable
from domains.inventory.messages import ReleaseAllocation, ShipAllocation
from domains.orders.handlers.lifecycle import fulfil_order, ship_order
from domains.orders.handlers.payment_events import (
    when_payment_captured_pay_order,
    when_payment_voided_cancel_order,
)
from domains.orders.messages import FulfilOrder, OrderCancelled, OrderPaid, ShipOrder
from domains.payments.messages import (
    AuthorisePayment,
    CapturePayment,
    GetPayment,
    PaymentCaptured,
    PaymentVoided,
)
from domains.promotions.messages import ReleaseCoupons
from tests.unit.orders.fakes import deps, eur
from tests.unit.orders.returns_shop import ReturnsShop, placed


def captured(order_id) -> PaymentCaptured:
    return PaymentCaptured(order_id=order_id, payment_id=uuid4(), amount=eur(3168))


def voided(order_id) -> PaymentVoided:
    return PaymentVoided(order_id=order_id, payment_id=uuid4(), amount=eur(3168))


async def test_a_held_payment_places_the_order_pending_payment_with_its_stock_still_allocated() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)

    order, _ = await placed(shop, built, "held", ip="203.0.113.9")

    assert (order.status, order.payment and order.payment.status) == ("pending_payment", "held")
    assert [c.status for c in order.status_history] == ["pending_payment"]
    assert "OrderPaid" not in transactions.types()
    assert not any(isinstance(m, ReleaseAllocation) for m in shop.bus.sent)
    authorise = next(m for m in shop.bus.sent if isinstance(m, AuthorisePayment))
    assert (authorise.ip, authorise.billing_country, authorise.shipping_country) == (
        "203.0.113.9",
        "DE",
        "DE",
    )


async def test_a_held_payment_captured_pays_the_order_once() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await placed(shop, built, "held")

    await when_payment_captured_pay_order(captured(order.id), built)
    await when_payment_captured_pay_order(captured(order.id), built)

    paid = orders.rows[order.id]
    assert (paid.status, paid.payment and paid.payment.status) == ("paid", "captured")
    assert paid.history[-1].actor == "payment:sandbox"
    assert len(transactions.of_type(OrderPaid)) == 1


async def test_a_held_payment_voided_cancels_the_order_giving_back_stock_and_coupons() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await placed(shop, built, "held")

    await when_payment_voided_cancel_order(voided(order.id), built)
    await when_payment_captured_pay_order(captured(order.id), built)  # late: changes nothing

    cancelled = orders.rows[order.id]
    assert (cancelled.status, cancelled.cancel_pending) == ("cancelled", False)
    assert cancelled.payment is not None and cancelled.payment.status == "voided"
    assert shop.bus.names()[-2:] == ["ReleaseAllocation", "ReleaseCoupons"]
    release = next(m for m in shop.bus.sent if isinstance(m, ReleaseAllocation))
    assert release.back_to_cart is None
    assert [type(e) for e in transactions.committed[-1:]] == [OrderCancelled]
    assert "OrderPaid" not in transactions.types()


async def test_payment_events_for_an_order_past_waiting_change_nothing() -> None:
    shop = ReturnsShop()
    built, orders, _, transactions = deps(shop)
    order, _ = await placed(shop, built)
    before = len(transactions.committed)

    await when_payment_voided_cancel_order(voided(order.id), built)
    await when_payment_captured_pay_order(captured(order.id), built)
    await when_payment_voided_cancel_order(voided(uuid4()), built)  # a checkout that never placed its order

    assert orders.rows[order.id].status == "paid"
    assert len(transactions.committed) == before
    assert not any(isinstance(m, (ReleaseAllocation, ReleaseCoupons)) for m in shop.bus.sent)


async def test_a_held_payment_captured_before_its_order_was_placed_still_pays_it() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    before_placing = shop.payment

    def approved_meanwhile(query: GetPayment):
        found = before_placing(query)
        return msgspec.structs.replace(found, status="captured", captured=found.amount)

    shop.bus.answer(GetPayment, approved_meanwhile)

    order, _ = await placed(shop, built, "held")

    assert order.status == "paid"


async def test_capturing_at_shipment_authorises_at_checkout_and_captures_before_the_stock_leaves() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop, capture="shipment")
    order, _ = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)

    shipped = await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)

    authorise = next(m for m in shop.bus.sent if isinstance(m, AuthorisePayment))
    assert authorise.capture is False
    assert (order.status, order.payment and order.payment.status) == ("paid", "authorised")
    assert shop.bus.names()[-2:] == ["CapturePayment", "ShipAllocation"]
    assert (shipped.status, shipped.payment and shipped.payment.status) == ("shipped", "captured")


@pytest.mark.parametrize("failure", [Conflict("the provider refused the capture"), Unavailable("down")])
async def test_a_capture_that_fails_refuses_the_shipment_and_changes_nothing(failure: Exception) -> None:
    shop = ReturnsShop()
    built, orders, *_ = deps(shop, capture="shipment")
    order, _ = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)
    shop.bus.fail(CapturePayment, failure)

    with pytest.raises(type(failure)):
        await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)

    assert not any(isinstance(m, ShipAllocation) for m in shop.bus.sent)
    kept = orders.rows[order.id]
    assert (kept.status, kept.payment and kept.payment.status) == ("fulfilling", "authorised")


async def test_an_order_captured_at_checkout_ships_without_asking_payments_again() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, _ = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)

    await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)

    assert shop.bus.names().count("CapturePayment") == 0
