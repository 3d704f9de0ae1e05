"""The checkout saga with the other domains faked: the order of its steps and of their undoing."""

from __future__ import annotations

import pytest

from core.errors import Conflict, Invalid, PaymentRequired, Unavailable
from domains.inventory.messages import AllocateStock, ReleaseAllocation
from domains.orders.handlers.checkout import checkout
from domains.orders.messages import Checkout, OrderPaid, OrderPlaced
from domains.orders.model import token_digest
from domains.payments.messages import AuthorisePayment
from domains.pricing.messages import QuoteCart
from domains.promotions.messages import RedeemCoupons
from tests.unit.orders.builders import cart
from tests.unit.orders.fakes import deps, eur
from tests.unit.orders.shop import (
    FORWARD,
    UNDO,
    UNDO_UNCHARGED,
    Shop,
    command,
    released_order,
)


async def test_a_checkout_quotes_redeems_allocates_pays_places_and_completes_the_cart_in_that_order() -> None:
    shop = Shop()
    built, orders, checkouts, transactions = deps(shop)

    result = await checkout(command(shop), built)

    assert shop.bus.names() == FORWARD
    order = result.order
    assert (order.number, order.status, order.email) == ("1001", "paid", "ann@example.com")
    assert order.totals.total == eur(2678 + 490)
    assert (order.items[0].product_name, order.items[0].tax_rate) == ("Mug", "0.19")
    assert (order.coupon_codes, order.shipping_method and order.shipping_method.name) == (
        ["SAVE10"],
        "Parcel",
    )
    assert [c.status for c in order.status_history] == ["pending_payment", "paid"]
    assert transactions.types() == ["OrderPlaced", "OrderPaid"]
    assert orders.rows[order.id].token_hash == token_digest(result.order_token)
    assert checkouts.rows[order.id].step == "completed"


async def test_the_final_quote_counts_exposure_and_prices_the_chosen_shipping_for_the_weight() -> None:
    shop = Shop()
    built, *_ = deps(shop)

    await checkout(command(shop), built)

    quotes = [m for m in shop.bus.sent if isinstance(m, QuoteCart)]
    assert [(q.shipping, q.record_exposure) for q in quotes] == [(0, False), (490, True)]
    shipping = next(m for m in shop.bus.sent if type(m).__name__ == "GetShippingOption")
    assert (shipping.weight_grams, shipping.subtotal, shipping.country) == (600, 2500, "DE")
    allocation = next(m for m in shop.bus.sent if isinstance(m, AllocateStock))
    assert allocation.country == "DE"
    payment = next(m for m in shop.bus.sent if isinstance(m, AuthorisePayment))
    assert (payment.amount, payment.capture, payment.order_id) == (eur(3168), True, allocation.order_id)
    redemption = next(m for m in shop.bus.sent if isinstance(m, RedeemCoupons))
    assert (redemption.codes, [a.amount for a in redemption.applied]) == (["SAVE10"], [250])


async def test_a_declined_payment_undoes_payment_stock_and_coupons_last_first_and_the_cart_may_pay_again() -> (
    None
):
    shop = Shop()
    built, orders, checkouts, transactions = deps(shop)

    with pytest.raises(PaymentRequired):
        await checkout(command(shop, "decline"), built)

    assert shop.bus.after("AuthorisePayment") == UNDO_UNCHARGED
    assert shop.payments[released_order(shop)].status == "declined"
    release = next(m for m in shop.bus.sent if isinstance(m, ReleaseAllocation))
    assert release.back_to_cart == shop.cart.id
    assert orders.rows == {} and transactions.committed == []
    assert [r.state for r in checkouts.rows.values()] == ["failed"]

    again = await checkout(command(shop, "ok"), built)
    assert again.order.status == "paid"


async def test_out_of_stock_releases_the_coupons_and_never_asks_for_payment() -> None:
    shop = Shop()
    shop.bus.fail(AllocateStock, Conflict("not enough MUG-1"))
    built, orders, *_ = deps(shop)

    with pytest.raises(Conflict):
        await checkout(command(shop), built)

    assert shop.bus.after("AllocateStock") == ["ReleaseAllocation", "ReleaseCoupons"]
    assert "AuthorisePayment" not in shop.bus.names() and orders.rows == {}


async def test_a_provider_error_is_unavailable_with_everything_undone_and_nothing_charged() -> None:
    shop = Shop()
    built, orders, checkouts, _ = deps(shop)

    with pytest.raises(Unavailable):
        await checkout(command(shop, "error"), built)

    assert shop.bus.after("AuthorisePayment") == UNDO_UNCHARGED
    assert [p.status for p in shop.payments.values()] == ["failed"]
    assert orders.rows == {} and [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_an_order_that_cannot_be_placed_after_payment_refunds_the_charge() -> None:
    shop = Shop()
    built, orders, checkouts, _ = deps(shop)
    orders.fail_add = RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        await checkout(command(shop), built)

    (payment,) = shop.payments.values()
    assert payment.status == "refunded"
    assert shop.bus.after("AuthorisePayment") == UNDO
    assert orders.rows == {} and [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_a_cart_not_ready_is_refused_before_anything_is_recorded() -> None:
    shop = Shop(cart(items=[], email=None))
    built, _, checkouts, _ = deps(shop)

    with pytest.raises(Invalid) as refused:
        await checkout(command(shop), built)

    assert {e.field for e in refused.value.errors} == {"items", "email"}
    assert checkouts.rows == {} and shop.bus.names() == ["GetCheckoutCart"]


async def test_an_unknown_provider_is_refused_naming_the_field() -> None:
    shop = Shop()
    built, *_ = deps(shop)

    with pytest.raises(Invalid) as refused:
        await checkout(
            Checkout(cart_id=shop.cart.id, customer_id=None, payment_provider="nope", payment_token="ok"),
            built,
        )
    assert refused.value.errors[0].field == "payment.provider"


async def test_a_second_checkout_of_a_cart_with_one_done_or_running_is_a_conflict() -> None:
    shop = Shop()
    built, *_ = deps(shop)
    await checkout(command(shop), built)

    with pytest.raises(Conflict):
        await checkout(command(shop), built)


async def test_events_of_a_placed_order_name_its_number_items_and_total() -> None:
    shop = Shop()
    built, _, _, transactions = deps(shop)

    await checkout(command(shop), built)

    placed, paid = transactions.committed
    assert isinstance(placed, OrderPlaced) and isinstance(paid, OrderPaid)
    assert (placed.number, placed.coupon_codes, placed.total, paid.amount) == (
        "1001",
        ["SAVE10"],
        eur(3168),
        eur(3168),
    )
