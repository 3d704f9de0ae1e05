"""A coupon that stopped applying between the cart and the checkout refuses the checkout (409 naming it)
before anything is counted, held or charged; it never places the order at a higher price."""

from __future__ import annotations

import msgspec
import pytest

from core.errors import Conflict, FieldError
from domains.orders.handlers.checkout import checkout
from domains.pricing.messages import Quote, QuoteCart, QuotedRejection
from domains.promotions.messages import RedeemCoupons
from tests.unit.orders.builders import cart, quote
from tests.unit.orders.fakes import deps
from tests.unit.orders.shop import Shop, command


def spent_coupon(query: QuoteCart) -> Quote:
    """The quote once SAVE10's last use is gone: the code refused, its promotion not applied."""
    return msgspec.structs.replace(
        quote(query),
        applied_promotions=[],
        rejected_coupons=[QuotedRejection(code="SAVE10", reason="usage_limit_reached")],
    )


async def test_a_code_the_quote_refuses_is_409_naming_it_before_redeeming_allocating_or_paying() -> None:
    shop = Shop()
    shop.bus.answer(QuoteCart, spent_coupon)
    built, orders, checkouts, _ = deps(shop)

    with pytest.raises(Conflict) as refused:
        await checkout(command(shop), built)

    assert refused.value.errors == [FieldError("coupon_codes", "SAVE10: usage_limit_reached")]
    assert "SAVE10 (usage_limit_reached)" in refused.value.detail
    assert shop.bus.names() == ["GetCheckoutCart", "QuoteCart", "GetShippingOption", "QuoteCart"]
    assert orders.rows == {} and shop.payments == {}
    assert [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_once_the_refused_code_is_off_the_cart_the_same_cart_pays_without_it() -> None:
    shop = Shop()
    shop.bus.answer(QuoteCart, spent_coupon)
    built, *_ = deps(shop)
    with pytest.raises(Conflict):
        await checkout(command(shop), built)

    shop.cart = msgspec.structs.replace(shop.cart, coupon_codes=[])
    shop.bus.answer(QuoteCart, lambda q: msgspec.structs.replace(spent_coupon(q), rejected_coupons=[]))
    paid = await checkout(command(shop), built)

    assert (paid.order.status, paid.order.coupon_codes) == ("paid", [])


async def test_a_code_whose_last_use_another_order_took_after_the_quote_is_named_the_same_way() -> None:
    shop = Shop(cart(coupon_codes=["SAVE10"]))
    shop.bus.fail(
        RedeemCoupons,
        Conflict(
            "coupon SAVE10 cannot be redeemed: usage_limit_reached",
            errors=[FieldError("codes[0]", "usage_limit_reached")],
        ),
    )
    built, orders, *_ = deps(shop)

    with pytest.raises(Conflict) as refused:
        await checkout(command(shop), built)

    assert refused.value.errors == [FieldError("coupon_codes", "SAVE10: usage_limit_reached")]
    assert shop.bus.after("RedeemCoupons") == ["ReleaseCoupons"]
    assert orders.rows == {} and shop.payments == {}
