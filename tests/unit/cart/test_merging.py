"""Merging a guest's cart on sign-in, over in-memory fakes: lines add up, holds move, the guest cart ends."""

from __future__ import annotations

import uuid

import pytest

from core.errors import Conflict, NotFound
from domains.cart import messages as m
from domains.cart.handlers import carts, lines, merging
from domains.inventory.messages import MoveReservations, ReserveStock
from tests.unit.cart.fakes import Product, World

ANN = uuid.UUID("0b7f6c0e-8a51-4d4b-9d8a-6f7c9a1e2b3c")
BOB = uuid.UUID("1c8e7d1f-9b62-4e5c-8eab-7a8dab2f3c4d")


@pytest.fixture
def world() -> World:
    found = World()
    found.shop.products = {"MUG-1": Product("Mug", 1000), "TEE-1": Product("Tee", 2000)}
    found.shop.stock = {"MUG-1": 30, "TEE-1": 30}
    return found


async def cart_of(world: World, customer_id: uuid.UUID | None, **quantities: int) -> m.CartView:
    cart = await carts.create_cart(m.CreateCart(customer_id=customer_id), world.deps)
    for sku, quantity in quantities.items():
        command = m.AddCartItem(
            cart_id=cart.id, customer_id=customer_id, sku=sku.replace("_", "-"), quantity=quantity
        )
        cart = await lines.add_cart_item(command, world.deps)
    return cart


def held_lines(view: m.CartView) -> dict[str, int]:
    return {item.sku: item.quantity for item in view.items}


async def test_a_guest_cart_joins_the_customers_cart_adding_up_within_the_line_maximum(world: World) -> None:
    mine = await cart_of(world, ANN, MUG_1=7)
    guest = await cart_of(world, None, MUG_1=5, TEE_1=1)
    merged = await merging.merge_cart(m.MergeCart(cart_id=guest.id, customer_id=ANN), world.deps)
    assert merged.id == mine.id
    assert held_lines(merged) == {"MUG-1": 10, "TEE-1": 1}
    assert world.shop.held(mine.id) == {"MUG-1": 10, "TEE-1": 1}
    assert world.shop.held(guest.id) == {}
    assert world.shop.sent_of(MoveReservations) == [
        MoveReservations(from_cart_id=guest.id, to_cart_id=mine.id)
    ]
    assert world.shop.sent_of(ReserveStock)[-1] == ReserveStock(cart_id=mine.id, sku="MUG-1", quantity=10)
    assert world.carts.rows[guest.id].status == "merged"


async def test_a_customer_without_a_cart_takes_the_guest_cart_over(world: World) -> None:
    guest = await cart_of(world, None, MUG_1=2)
    taken = await merging.merge_cart(m.MergeCart(cart_id=guest.id, customer_id=ANN), world.deps)
    assert (taken.id, taken.customer_id, taken.status, held_lines(taken)) == (
        guest.id,
        ANN,
        "active",
        {"MUG-1": 2},
    )
    with pytest.raises(NotFound):
        await carts.get_cart(m.GetCart(cart_id=guest.id, customer_id=None), world.deps)


async def test_a_merged_guest_cart_refuses_changes_and_a_second_merge(world: World) -> None:
    await cart_of(world, ANN, TEE_1=1)
    guest = await cart_of(world, None, MUG_1=1)
    await merging.merge_cart(m.MergeCart(cart_id=guest.id, customer_id=ANN), world.deps)
    with pytest.raises(Conflict):
        await merging.merge_cart(m.MergeCart(cart_id=guest.id, customer_id=ANN), world.deps)
    with pytest.raises(Conflict):
        await lines.add_cart_item(
            m.AddCartItem(cart_id=guest.id, customer_id=None, sku="MUG-1", quantity=1), world.deps
        )


async def test_another_customers_cart_cannot_be_merged(world: World) -> None:
    bobs = await cart_of(world, BOB, MUG_1=1)
    with pytest.raises(NotFound):
        await merging.merge_cart(m.MergeCart(cart_id=bobs.id, customer_id=ANN), world.deps)
    assert world.carts.rows[bobs.id].status == "active"


async def test_merging_ones_own_cart_changes_nothing(world: World) -> None:
    mine = await cart_of(world, ANN, MUG_1=1)
    again = await merging.merge_cart(m.MergeCart(cart_id=mine.id, customer_id=ANN), world.deps)
    assert (again.id, held_lines(again)) == (mine.id, {"MUG-1": 1})
