"""The checkout counts coupon use by the order's email too, so a guest is held to a per-customer limit."""

from __future__ import annotations

from domains.orders.handlers.checkout import checkout
from domains.promotions.messages import RedeemCoupons
from tests.unit.orders.fakes import deps
from tests.unit.orders.shop import Shop, command


async def test_the_redemption_carries_the_email_the_order_goes_to() -> None:
    shop = Shop()
    built, *_ = deps(shop)

    await checkout(command(shop), built)

    redemption = next(m for m in shop.bus.sent if isinstance(m, RedeemCoupons))
    assert (redemption.customer_id, redemption.email) == (None, "ann@example.com")
