"""Cart handlers over an in-memory store and a bus standing in for pricing and inventory: lines and holds."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from core.errors import Conflict, Invalid, NotFound
from domains.cart import messages as m
from domains.cart.handlers import carts, lines
from domains.inventory.messages import ReserveStock
from tests.unit.cart.fakes import NOW, TTL, Product, World

ANN = uuid.UUID("0b7f6c0e-8a51-4d4b-9d8a-6f7c9a1e2b3c")
BOB = uuid.UUID("1c8e7d1f-9b62-4e5c-8eab-7a8dab2f3c4d")


@pytest.fixture
def world() -> World:
    found = World()
    found.shop.products = {"MUG-1": Product("Mug", 1250), "TEE-1": Product("Tee", 2000, weight_grams=200)}
    found.shop.stock = {"MUG-1": 5, "TEE-1": 5}
    return found


async def new_cart(world: World, customer_id: uuid.UUID | None = None) -> m.CartView:
    return await carts.create_cart(m.CreateCart(customer_id=customer_id), world.deps)


async def add(
    world: World, cart: m.CartView, sku: str, quantity: int, who: uuid.UUID | None = None
) -> m.CartView:
    command = m.AddCartItem(cart_id=cart.id, customer_id=who, sku=sku, quantity=quantity)
    return await lines.add_cart_item(command, world.deps)


def figures(view: m.CartView) -> list[tuple[str, int, int, int]]:
    return [(i.sku, i.quantity, i.unit_price.amount, i.total.amount) for i in view.items]


async def test_a_guest_cart_starts_empty_active_and_in_the_shop_currency(world: World) -> None:
    cart = await new_cart(world)
    assert (cart.customer_id, cart.status, cart.currency, cart.items) == (None, "active", "EUR", [])
    assert (cart.totals.total.amount, cart.reserved_until) == (0, None)


async def test_a_customer_asking_for_a_cart_again_gets_their_active_one_back(world: World) -> None:
    first = await new_cart(world, ANN)
    again = await new_cart(world, ANN)
    assert again.id == first.id
    assert len(world.carts.rows) == 1


async def test_a_currency_or_email_the_shop_cannot_use_is_refused_naming_the_field(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        await carts.create_cart(m.CreateCart(currency="JPY", email="not-an-email"), world.deps)
    assert [e.field for e in caught.value.errors] == ["currency", "email"]
    assert world.carts.rows == {}


async def test_adding_a_sku_holds_its_stock_and_prices_the_line_from_the_quote(world: World) -> None:
    cart = await add(world, await new_cart(world), "mug-1", 2)
    assert figures(cart) == [("MUG-1", 2, 1250, 2500)]
    assert (cart.items[0].product_name, cart.totals.subtotal.amount, cart.totals.total.amount) == (
        "Mug",
        2500,
        2500,
    )
    assert world.shop.held(cart.id) == {"MUG-1": 2}
    assert cart.reserved_until == NOW + TTL


async def test_adding_a_sku_already_in_the_cart_raises_its_line_and_its_hold(world: World) -> None:
    cart = await new_cart(world)
    first = await add(world, cart, "MUG-1", 1)
    again = await add(world, cart, "mug-1", 2)
    assert figures(again) == [("MUG-1", 3, 1250, 3750)]
    assert again.items[0].id == first.items[0].id
    assert [c.quantity for c in world.shop.sent_of(ReserveStock)] == [1, 3]


async def test_an_unknown_or_unsold_sku_is_refused_naming_sku_and_nothing_is_held(world: World) -> None:
    world.shop.products["OLD-1"] = Product("Old", 100, on_sale=False)
    cart = await new_cart(world)
    for sku in ("NOPE-1", "OLD-1"):
        with pytest.raises(Invalid) as caught:
            await add(world, cart, sku, 1)
        assert [e.field for e in caught.value.errors] == ["sku"]
    assert world.shop.sent_of(ReserveStock) == []
    assert world.carts.rows[cart.id].lines == []


@pytest.mark.parametrize("quantity", [0, -1, 10**9])
async def test_a_quantity_outside_one_to_the_line_maximum_is_refused_naming_quantity(
    world: World, quantity: int
) -> None:
    cart = await new_cart(world)
    with pytest.raises(Invalid) as caught:
        await add(world, cart, "MUG-1", quantity)
    assert [e.field for e in caught.value.errors] == ["quantity"]
    assert world.shop.sent == []


async def test_adding_past_the_line_maximum_is_refused_naming_quantity(world: World) -> None:
    world.shop.stock["MUG-1"] = 50
    cart = await add(world, await new_cart(world), "MUG-1", 8)
    with pytest.raises(Invalid) as caught:
        await add(world, cart, "MUG-1", 3)
    assert [e.field for e in caught.value.errors] == ["quantity"]
    assert world.carts.rows[cart.id].lines[0].quantity == 8


async def test_not_enough_stock_is_a_conflict_and_the_cart_stays_as_it_was(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 4)
    with pytest.raises(Conflict):
        await add(world, cart, "MUG-1", 2)
    stored = world.carts.rows[cart.id]
    assert [(line.sku, line.quantity) for line in stored.lines] == [("MUG-1", 4)]
    assert world.shop.held(cart.id) == {"MUG-1": 4}
    assert stored.version == 1  # written once: by the first add, not by the refused one


async def test_a_customers_cart_is_not_found_for_a_guest_or_another_customer(world: World) -> None:
    cart = await new_cart(world, ANN)
    for caller in (None, BOB):
        with pytest.raises(NotFound):
            await carts.get_cart(m.GetCart(cart_id=cart.id, customer_id=caller), world.deps)
        with pytest.raises(NotFound):
            await add(world, cart, "MUG-1", 1, who=caller)
    assert (await carts.get_cart(m.GetCart(cart_id=cart.id, customer_id=ANN), world.deps)).id == cart.id


async def test_a_guest_cart_answers_anyone_holding_its_id(world: World) -> None:
    cart = await new_cart(world)
    assert (await add(world, cart, "MUG-1", 1, who=BOB)).items[0].sku == "MUG-1"


async def test_changing_a_line_holds_its_new_quantity_and_removing_it_releases_the_hold(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 2)
    item = cart.items[0].id
    changed = await lines.update_cart_item(
        m.UpdateCartItem(cart_id=cart.id, customer_id=None, item_id=item, quantity=5), world.deps
    )
    assert (figures(changed), world.shop.held(cart.id)) == ([("MUG-1", 5, 1250, 6250)], {"MUG-1": 5})
    emptied = await lines.remove_cart_item(
        m.RemoveCartItem(cart_id=cart.id, customer_id=None, item_id=item), world.deps
    )
    assert (emptied.items, emptied.totals.total.amount, emptied.reserved_until) == ([], 0, None)
    assert world.shop.held(cart.id) == {}
    assert [c.quantity for c in world.shop.sent_of(ReserveStock)] == [2, 5, 0]


async def test_an_unknown_item_is_not_found_and_a_bad_quantity_named(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 2)
    with pytest.raises(NotFound):
        await lines.remove_cart_item(
            m.RemoveCartItem(cart_id=cart.id, customer_id=None, item_id=uuid.uuid4()), world.deps
        )
    with pytest.raises(Invalid) as caught:
        await lines.update_cart_item(
            m.UpdateCartItem(cart_id=cart.id, customer_id=None, item_id=cart.items[0].id, quantity=0),
            world.deps,
        )
    assert [e.field for e in caught.value.errors] == ["quantity"]


async def test_looking_at_a_cart_renews_its_holds(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 1)
    world.shop.clock[0] = NOW + timedelta(minutes=10)
    seen = await carts.get_cart(m.GetCart(cart_id=cart.id, customer_id=None), world.deps)
    assert seen.reserved_until == NOW + timedelta(minutes=10) + TTL
    assert world.carts.rows[cart.id].reserved_until == seen.reserved_until


async def test_a_line_no_longer_sold_is_shown_at_nothing_and_the_rest_still_priced(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 1)
    await add(world, cart, "TEE-1", 1)
    world.shop.products["MUG-1"].on_sale = False
    seen = await carts.get_cart(m.GetCart(cart_id=cart.id, customer_id=None), world.deps)
    assert [(i.sku, i.on_sale, i.total.amount) for i in seen.items] == [
        ("MUG-1", False, 0),
        ("TEE-1", True, 2000),
    ]
    assert seen.totals.total.amount == 2000


async def test_more_of_a_sku_no_longer_sold_is_refused_but_less_is_fine(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 3)
    world.shop.products["MUG-1"].on_sale = False
    item = cart.items[0].id
    with pytest.raises(Invalid) as caught:
        await lines.update_cart_item(
            m.UpdateCartItem(cart_id=cart.id, customer_id=None, item_id=item, quantity=4), world.deps
        )
    assert [e.field for e in caught.value.errors] == ["sku"]
    fewer = await lines.update_cart_item(
        m.UpdateCartItem(cart_id=cart.id, customer_id=None, item_id=item, quantity=1), world.deps
    )
    assert [(i.quantity, i.on_sale) for i in fewer.items] == [(1, False)]
    assert world.shop.held(cart.id) == {"MUG-1": 1}


async def test_a_change_racing_another_is_refused_and_its_hold_put_back(world: World) -> None:
    cart = await add(world, await new_cart(world), "MUG-1", 1)
    world.carts.racing = True
    with pytest.raises(Conflict):
        await add(world, cart, "MUG-1", 1)
    assert world.shop.held(cart.id) == {"MUG-1": 1}
    assert world.carts.rows[cart.id].lines[0].quantity == 1
