"""Cart handlers over in-memory fakes: coupon codes, the shipping address, rates and method, checkout."""

from __future__ import annotations

import uuid

import pytest

from core.errors import Conflict, Invalid, NotFound
from domains.cart import messages as m
from domains.cart.handlers import carts, coupons, delivery, lines
from domains.shipping.messages import QuoteShipping
from tests.unit.cart.fakes import Coupon, Method, Product, World

STANDARD = uuid.UUID("7a1b2c3d-0000-4000-8000-00000000000a")
ISLANDS = uuid.UUID("7a1b2c3d-0000-4000-8000-00000000000b")
BERLIN = m.CartAddress(
    first_name="Ann", line1="Unter den Linden 1", city="Berlin", postal_code="10117", country="de"
)


@pytest.fixture
def world() -> World:
    found = World()
    found.shop.products = {"MUG-1": Product("Mug", 1250, weight_grams=400)}
    found.shop.stock = {"MUG-1": 10}
    found.shop.coupons = {
        "SAVE10": Coupon(10),
        "OLD": Coupon(refusal="expired"),
        "BIG": Coupon(refusal="minimum_not_met"),
    }
    found.shop.methods = {
        STANDARD: Method("Standard", ["DE", "FR"], 495, free_over=10_000),
        ISLANDS: Method("Islands", ["IS"], 2500),
    }
    return found


async def cart_with_mugs(world: World, quantity: int = 2) -> m.CartView:
    cart = await carts.create_cart(m.CreateCart(), world.deps)
    command = m.AddCartItem(cart_id=cart.id, customer_id=None, sku="MUG-1", quantity=quantity)
    return await lines.add_cart_item(command, world.deps)


async def apply(world: World, cart: m.CartView, code: str) -> m.CartView:
    return await coupons.apply_coupon(m.ApplyCoupon(cart_id=cart.id, customer_id=None, code=code), world.deps)


async def addressed(world: World, cart: m.CartView, address: m.CartAddress = BERLIN) -> m.CartView:
    command = m.SetShippingAddress(cart_id=cart.id, customer_id=None, address=address)
    return await delivery.set_shipping_address(command, world.deps)


async def choose(world: World, cart: m.CartView, method_id: uuid.UUID) -> m.CartView:
    command = m.ChooseShippingMethod(cart_id=cart.id, customer_id=None, method_id=method_id)
    return await delivery.choose_shipping_method(command, world.deps)


async def test_an_accepted_coupon_joins_the_cart_and_its_discount_shows(world: World) -> None:
    cart = await apply(world, await cart_with_mugs(world), " save10 ")
    assert (cart.coupon_codes, cart.totals.discount.amount, cart.totals.total.amount) == (
        ["SAVE10"],
        250,
        2250,
    )
    assert [p.code for p in cart.applied_promotions] == ["SAVE10"]


@pytest.mark.parametrize(
    ("code", "reason"), [("OLD", "expired"), ("BIG", "minimum_not_met"), ("NOPE", "unknown")]
)
async def test_a_refused_coupon_names_its_reason_and_the_cart_keeps_its_codes(
    world: World, code: str, reason: str
) -> None:
    cart = await cart_with_mugs(world)
    with pytest.raises(Invalid) as caught:
        await apply(world, cart, code)
    assert [(e.field, e.message) for e in caught.value.errors] == [("code", reason)]
    assert caught.value.detail.endswith(reason)
    assert world.carts.rows[cart.id].coupon_codes == []


async def test_an_order_takes_at_most_the_shops_number_of_codes_and_one_can_be_removed(world: World) -> None:
    world.shop.coupons["MORE"] = Coupon(5)
    cart = await apply(world, await cart_with_mugs(world), "SAVE10")
    with pytest.raises(Invalid) as caught:
        await apply(world, cart, "MORE")
    assert [e.field for e in caught.value.errors] == ["code"]
    removed = await coupons.remove_coupon(
        m.RemoveCoupon(cart_id=cart.id, customer_id=None, code="save10"), world.deps
    )
    assert (removed.coupon_codes, removed.totals.discount.amount) == ([], 0)
    with pytest.raises(NotFound):
        await coupons.remove_coupon(
            m.RemoveCoupon(cart_id=cart.id, customer_id=None, code="SAVE10"), world.deps
        )


async def test_a_coupon_on_an_empty_cart_is_refused_as_not_applicable(world: World) -> None:
    cart = await carts.create_cart(m.CreateCart(), world.deps)
    with pytest.raises(Invalid) as caught:
        await apply(world, cart, "SAVE10")
    assert [(e.field, e.message) for e in caught.value.errors] == [("code", "not_applicable")]


async def test_shipping_rates_and_a_method_need_an_address_first(world: World) -> None:
    cart = await cart_with_mugs(world)
    with pytest.raises(Invalid) as caught:
        await delivery.list_shipping_rates(m.ListShippingRates(cart_id=cart.id, customer_id=None), world.deps)
    assert [e.field for e in caught.value.errors] == ["shipping_address"]
    with pytest.raises(Invalid) as caught:
        await choose(world, cart, STANDARD)
    assert [e.field for e in caught.value.errors] == ["shipping_address"]


async def test_an_address_is_checked_field_by_field(world: World) -> None:
    cart = await cart_with_mugs(world)
    bad = m.CartAddress(line1=" ", city="Berlin", postal_code="1011", country="XX", phone="call me")
    with pytest.raises(Invalid) as caught:
        await addressed(world, cart, bad)
    assert sorted(e.field for e in caught.value.errors) == ["country", "line1", "phone"]
    wrong_postal_code = m.CartAddress(line1="Main St 1", city="Berlin", postal_code="1011", country="DE")
    with pytest.raises(Invalid) as caught:
        await addressed(world, cart, wrong_postal_code)
    assert [e.field for e in caught.value.errors] == ["postal_code"]
    assert world.carts.rows[cart.id].shipping_address is None


async def test_address_then_rates_then_method_puts_the_shipping_price_in_the_totals(world: World) -> None:
    cart = await addressed(world, await cart_with_mugs(world))
    assert cart.shipping_address is not None and cart.shipping_address.country == "DE"
    rates = await delivery.list_shipping_rates(
        m.ListShippingRates(cart_id=cart.id, customer_id=None), world.deps
    )
    assert [(r.name, r.price.amount) for r in rates] == [("Standard", 495)]
    asked = world.shop.asked[-1]
    assert isinstance(asked, QuoteShipping)
    assert (asked.country, asked.weight_grams, asked.subtotal) == ("DE", 800, 2500)
    chosen = await choose(world, cart, STANDARD)
    assert chosen.shipping_method is not None and chosen.shipping_method.price.amount == 495
    assert (chosen.totals.shipping.amount, chosen.totals.total.amount) == (495, 2995)


async def test_a_method_not_serving_the_address_or_unknown_is_refused_naming_method_id(world: World) -> None:
    cart = await addressed(world, await cart_with_mugs(world))
    for method_id in (ISLANDS, uuid.uuid4()):
        with pytest.raises(Invalid) as caught:
            await choose(world, cart, method_id)
        assert [e.field for e in caught.value.errors] == ["method_id"]
    assert world.carts.rows[cart.id].shipping_method_id is None


async def test_a_new_address_the_chosen_method_does_not_serve_drops_the_method(world: World) -> None:
    cart = await choose(world, await addressed(world, await cart_with_mugs(world)), STANDARD)
    reykjavik = m.CartAddress(line1="Laugavegur 1", city="Reykjavik", postal_code="101", country="IS")
    moved = await addressed(world, cart, reykjavik)
    assert (moved.shipping_method, moved.totals.shipping.amount) == (None, 0)
    assert world.carts.rows[cart.id].shipping_method_id is None


async def test_the_checkout_reads_items_codes_address_method_and_email(world: World) -> None:
    cart = await carts.create_cart(m.CreateCart(email="ann@example.com"), world.deps)
    command = m.AddCartItem(cart_id=cart.id, customer_id=None, sku="mug-1", quantity=3)
    cart = await choose(
        world, await addressed(world, await lines.add_cart_item(command, world.deps)), STANDARD
    )
    cart = await apply(world, cart, "SAVE10")
    found = await carts.get_checkout_cart(m.GetCheckoutCart(cart_id=cart.id, customer_id=None), world.deps)
    assert [(i.sku, i.quantity) for i in found.items] == [("MUG-1", 3)]
    assert (found.coupon_codes, found.shipping_method_id, found.email) == (
        ["SAVE10"],
        STANDARD,
        "ann@example.com",
    )
    assert found.shipping_address is not None and found.shipping_address.postal_code == "10117"


async def test_completing_a_cart_is_once_and_then_it_refuses_changes(world: World) -> None:
    cart = await cart_with_mugs(world)
    order = uuid.uuid4()
    done = await carts.complete_cart(m.CompleteCart(cart_id=cart.id, order_id=order), world.deps)
    assert (done.status, done.order_id) == ("checked_out", order)
    assert world.transactions.types()[-1] == "CartCheckedOut"
    again = await carts.complete_cart(m.CompleteCart(cart_id=cart.id, order_id=order), world.deps)
    assert again.order_id == order
    with pytest.raises(Conflict):
        await carts.complete_cart(m.CompleteCart(cart_id=cart.id, order_id=uuid.uuid4()), world.deps)
    with pytest.raises(Conflict):
        await apply(world, cart, "SAVE10")
    with pytest.raises(Conflict):
        await lines.add_cart_item(
            m.AddCartItem(cart_id=cart.id, customer_id=None, sku="MUG-1", quantity=1), world.deps
        )
    assert len(world.transactions.of_type(m.CartCheckedOut)) == 1
