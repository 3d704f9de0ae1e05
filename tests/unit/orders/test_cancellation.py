"""Cancelling an order and moving it along, with the other domains faked."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, NotFound, Unavailable
from domains.inventory.messages import ReleaseAllocation, ShipAllocation
from domains.orders.handlers import recover
from domains.orders.handlers.cancellation import cancel_order
from domains.orders.handlers.checkout import checkout
from domains.orders.handlers.lifecycle import deliver_order, fulfil_order, ship_order
from domains.orders.handlers.queries import get_order
from domains.orders.messages import (
    CancelOrder,
    Checkout,
    DeliverOrder,
    FulfilOrder,
    GetOrder,
    OrderView,
    ShipOrder,
)
from domains.payments.messages import VoidPayment
from tests.unit.orders.fakes import Clock, deps
from tests.unit.orders.shop import Shop


async def placed(shop: Shop, built) -> tuple[OrderView, str]:
    result = await checkout(
        Checkout(cart_id=shop.cart.id, customer_id=None, payment_provider="sandbox", payment_token="ok"),
        built,
    )
    return result.order, result.order_token


def cancel(order: OrderView, token: str | None = None, **fields) -> CancelOrder:
    return CancelOrder(order_id=order.id, customer_id=None, actor="guest", order_token=token, **fields)


async def test_a_cancel_gives_back_stock_payment_and_coupon_use_and_raises_order_cancelled() -> None:
    shop = Shop()
    built, orders, _, transactions = deps(shop)
    order, token = await placed(shop, built)

    cancelled = await cancel_order(cancel(order, token, reason="changed my mind"), built)

    assert shop.bus.after("CompleteCart") == ["ReleaseAllocation", "VoidPayment", "ReleaseCoupons"]
    release = next(m for m in shop.bus.sent if isinstance(m, ReleaseAllocation))
    assert release.back_to_cart is None
    assert (cancelled.status, cancelled.payment and cancelled.payment.status) == ("cancelled", "refunded")
    assert cancelled.status_history[-1].reason == "changed my mind"
    assert transactions.types()[-1] == "OrderCancelled"
    assert orders.rows[order.id].cancel_pending is False


async def test_a_cancel_without_the_token_or_by_another_customer_finds_no_order() -> None:
    shop = Shop()
    built, *_ = deps(shop)
    order, _ = await placed(shop, built)

    with pytest.raises(NotFound):
        await cancel_order(cancel(order, "wrong"), built)
    with pytest.raises(NotFound):
        await cancel_order(CancelOrder(order_id=order.id, customer_id=uuid4(), actor="customer:x"), built)
    with pytest.raises(NotFound):
        await get_order(GetOrder(order_id=order.id, customer_id=uuid4()), built)


async def test_a_cancel_stopped_half_way_is_finished_by_repeating_it_or_by_recovery() -> None:
    shop, clock = Shop(), Clock()
    built, orders, _, transactions = deps(shop, clock)
    order, token = await placed(shop, built)
    shop.bus.fail(VoidPayment, Unavailable("payments down"), times=2)

    with pytest.raises(Unavailable):
        await cancel_order(cancel(order, token), built)
    assert (orders.rows[order.id].status, orders.rows[order.id].cancel_pending) == ("cancelled", True)

    with pytest.raises(Unavailable):
        await cancel_order(cancel(order, token), built)  # still down: still pending
    clock.advance(61)
    await recover(built)

    assert orders.rows[order.id].cancel_pending is False
    assert transactions.types().count("OrderCancelled") == 1
    assert shop.payments[order.id].status == "refunded"


async def test_staff_fulfil_ship_and_deliver_and_shipping_sends_the_stock_away_first() -> None:
    shop = Shop()
    built, _, _, transactions = deps(shop)
    order, _ = await placed(shop, built)

    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)
    shipped = await ship_order(
        ShipOrder(order_id=order.id, actor="staff:1", carrier="DHL", tracking_number="T1"), built
    )
    delivered = await deliver_order(DeliverOrder(order_id=order.id, actor="staff:1"), built)

    assert shop.bus.names()[-1] == "ShipAllocation"
    assert (shipped.carrier, shipped.tracking_number) == ("DHL", "T1")
    assert [c.status for c in delivered.status_history] == [
        "pending_payment",
        "paid",
        "fulfilling",
        "shipped",
        "delivered",
    ]
    assert transactions.types()[-2:] == ["OrderShipped", "OrderDelivered"]


async def test_shipping_an_order_not_being_fulfilled_is_refused_before_any_stock_leaves() -> None:
    shop = Shop()
    built, *_ = deps(shop)
    order, token = await placed(shop, built)

    with pytest.raises(Conflict):
        await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)
    assert not any(isinstance(m, ShipAllocation) for m in shop.bus.sent)

    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)
    await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)
    with pytest.raises(Conflict):
        await cancel_order(cancel(order, token), built)
