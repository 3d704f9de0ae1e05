"""Carts over HTTP: guests and customers fill them, the figures are the quote's, stock is held."""

from __future__ import annotations

import uuid
from datetime import datetime

from domains.cart.messages import CompleteCart
from tests.e2e.test_cart_support import (
    add,
    amounts,
    lines_of,
    new_cart,
    ok,
    on_bus,
    reserved,
    staff,
    stocked,
)
from tests.e2e.test_customers import signed_in
from tests.support.problems import assert_problem

__all__ = ["staff"]


async def test_a_guest_fills_a_cart_and_sees_the_figures_a_quote_of_the_same_items_gives(
    client, staff
) -> None:
    await stocked(client, staff, ("MUG-1", 1250, 10), ("TEE-1", 1999, 10))
    cart = await new_cart(client)
    assert (cart["customer_id"], cart["status"], cart["items"], amounts(cart["totals"])["total"]) == (
        None,
        "active",
        [],
        0,
    )

    await add(client, cart["id"], "mug-1", 2)
    filled = await add(client, cart["id"], "TEE-1", 1)
    quote = await ok(
        await client.post(
            "/quotes", json={"items": [{"sku": "MUG-1", "quantity": 2}, {"sku": "TEE-1", "quantity": 1}]}
        )
    )

    assert lines_of(filled) == [("MUG-1", 2, 1250, 0, 2500), ("TEE-1", 1, 1999, 0, 1999)]
    assert filled["totals"] == quote["totals"]
    assert [i["total"] for i in filled["items"]] == [line["total"] for line in quote["lines"]]
    assert (await ok(await client.get(f"/carts/{cart['id']}")))["totals"] == quote["totals"]


async def test_adding_a_sku_again_raises_its_line_and_the_stock_held(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    cart = await new_cart(client)
    first = await add(client, cart["id"], "MUG-1", 2)
    again = await add(client, cart["id"], "MUG-1", 3)
    assert [(i["id"], i["quantity"]) for i in again["items"]] == [(first["items"][0]["id"], 5)]
    assert await reserved(client, staff, "MUG-1") == 5


async def test_a_customers_cart_answers_only_that_customer(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    ann = await signed_in(client, "ann@example.com")
    bob = await signed_in(client, "bob@example.com")
    cart = await new_cart(client, ann)
    await add(client, cart["id"], "MUG-1", 1, ann)

    for stranger in (bob, {}):
        assert_problem(await client.get(f"/carts/{cart['id']}", headers=stranger), 404)
        body = {"sku": "MUG-1", "quantity": 1}
        assert_problem(await client.post(f"/carts/{cart['id']}/items", json=body, headers=stranger), 404)
    mine = await ok(await client.get(f"/carts/{cart['id']}", headers=ann))
    assert (mine["customer_id"] is not None, lines_of(mine)) == (True, [("MUG-1", 1, 1000, 0, 1000)])
    assert (await new_cart(client, ann))["id"] == cart["id"]  # one active cart per customer


async def test_a_guests_cart_is_merged_into_the_customers_cart_on_sign_in(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 20), ("TEE-1", 2000, 20))
    ann = await signed_in(client)
    mine = await new_cart(client, ann)
    await add(client, mine["id"], "MUG-1", 2, ann)
    guest = await new_cart(client)
    await add(client, guest["id"], "MUG-1", 3)
    await add(client, guest["id"], "TEE-1", 1)

    merged = await ok(await client.post(f"/carts/{guest['id']}/merge", headers=ann))

    assert merged["id"] == mine["id"]
    assert [(sku, quantity) for sku, quantity, *_ in lines_of(merged)] == [("MUG-1", 5), ("TEE-1", 1)]
    assert (await reserved(client, staff, "MUG-1"), await reserved(client, staff, "TEE-1")) == (5, 1)
    assert (await ok(await client.get(f"/carts/{guest['id']}")))["status"] == "merged"
    assert_problem(
        await client.post(f"/carts/{guest['id']}/items", json={"sku": "MUG-1", "quantity": 1}), 409
    )


async def test_a_customer_without_a_cart_takes_the_guest_cart_over(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 5))
    guest = await new_cart(client)
    await add(client, guest["id"], "MUG-1", 2)
    ann = await signed_in(client)
    taken = await ok(await client.post(f"/carts/{guest['id']}/merge", headers=ann))
    assert (taken["id"], taken["customer_id"] is not None, taken["status"]) == (guest["id"], True, "active")
    assert_problem(await client.get(f"/carts/{guest['id']}"), 404)  # no longer a guest's cart
    assert_problem(await client.post(f"/carts/{guest['id']}/merge"), 401)


async def test_when_stock_runs_out_adding_is_409_and_the_cart_is_unchanged(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 3))
    cart = await new_cart(client)
    before = await add(client, cart["id"], "MUG-1", 2)
    other = await new_cart(client)

    too_many = await client.post(f"/carts/{cart['id']}/items", json={"sku": "MUG-1", "quantity": 2})
    assert_problem(too_many, 409)
    assert_problem(
        await client.post(f"/carts/{other['id']}/items", json={"sku": "MUG-1", "quantity": 2}), 409
    )

    after = await ok(await client.get(f"/carts/{cart['id']}"))
    assert (lines_of(after), after["totals"]) == (lines_of(before), before["totals"])
    assert await reserved(client, staff, "MUG-1") == 2
    assert (await ok(await client.get(f"/carts/{other['id']}")))["items"] == []


async def test_changing_and_removing_a_line_moves_the_stock_held(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    cart = await new_cart(client)
    item = (await add(client, cart["id"], "MUG-1", 2))["items"][0]["id"]
    changed = await ok(await client.patch(f"/carts/{cart['id']}/items/{item}", json={"quantity": 7}))
    assert (lines_of(changed), await reserved(client, staff, "MUG-1")) == ([("MUG-1", 7, 1000, 0, 7000)], 7)
    emptied = await ok(await client.delete(f"/carts/{cart['id']}/items/{item}"))
    assert (emptied["items"], emptied["reserved_until"], await reserved(client, staff, "MUG-1")) == (
        [],
        None,
        0,
    )


async def test_reserved_until_is_renewed_by_cart_activity(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    cart = await new_cart(client)
    first = datetime.fromisoformat((await add(client, cart["id"], "MUG-1", 1))["reserved_until"])
    seen = datetime.fromisoformat((await ok(await client.get(f"/carts/{cart['id']}")))["reserved_until"])
    later = datetime.fromisoformat((await add(client, cart["id"], "MUG-1", 1))["reserved_until"])
    assert first < seen < later
    assert 800 < (first - datetime.now(first.tzinfo)).total_seconds() <= 900


async def test_a_checked_out_cart_refuses_changes_and_a_second_checkout(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 1)
    order = uuid.uuid4()
    done = await on_bus(client, CompleteCart(cart_id=uuid.UUID(cart["id"]), order_id=order))
    assert (done.status, done.order_id) == ("checked_out", order)
    assert_problem(await client.post(f"/carts/{cart['id']}/items", json={"sku": "MUG-1", "quantity": 1}), 409)
    assert_problem(await client.post(f"/carts/{cart['id']}/coupons", json={"code": "SAVE10"}), 409)
    shown = await ok(await client.get(f"/carts/{cart['id']}"))
    assert (shown["status"], shown["order_id"]) == ("checked_out", str(order))
