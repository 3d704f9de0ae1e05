"""Coupons between the cart and the checkout: a code that stopped applying refuses the checkout (409
naming it) with nothing charged, held or ordered; a free-shipping code entered before the shipping
method waits on the cart and takes the shipping off once a paid method is chosen."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.e2e.test_checkout import orders_count
from tests.e2e.test_orders_support import Shop, shop, staff
from tests.e2e.test_promotions_support import codes, promotion
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def single_use(shop: Shop, code: str) -> str:
    """A 5.00-off coupon ``code`` that one order may use; its promotion's id."""
    made = await promotion(
        shop.client, shop.staff, kind="fixed", value=500, currency="EUR", coupon_required=True, usage_limit=1
    )
    await codes(shop.client, shop.staff, made["id"], code=code)
    return str(made["id"])


async def with_coupon(shop: Shop, sku: str, code: str) -> str:
    cart_id = await shop.cart((sku, 1))
    applied = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": code})
    assert applied.status_code == 200, applied.text
    return cart_id


def refused_code(response: Any, code: str, reason: str) -> None:
    problem = assert_problem(response, 409, "coupon_codes")
    assert [e["message"] for e in problem["errors"]] == [f"{code}: {reason}"]
    assert code in problem["detail"] and reason in problem["detail"]


async def cart_of(shop: Shop, cart_id: str) -> dict[str, Any]:
    found: dict[str, Any] = (await shop.client.get(f"/carts/{cart_id}")).json()
    return found


async def test_a_coupon_used_up_by_another_order_refuses_the_checkout_and_paying_without_it_works(
    shop: Shop,
) -> None:
    await single_use(shop, "FIX5")
    first = await with_coupon(shop, "MUG-1", "FIX5")
    second = await with_coupon(shop, "MUG-2", "FIX5")
    shown = (await cart_of(shop, second))["totals"]["total"]["amount"]
    assert shown == 2000 - 500 + 490
    assert (await shop.checkout(first)).status_code == 201

    refused = await shop.checkout(second)

    refused_code(refused, "FIX5", "usage_limit_reached")
    assert await orders_count(shop) == 1
    assert len(await shop.rows("SELECT id FROM payments_payment")) == 1  # the first order's
    cart = await cart_of(shop, second)
    assert (cart["status"], cart["coupon_codes"]) == ("active", ["FIX5"])
    stock = await shop.stock("MUG-2")
    assert (stock["reserved"], stock["available"]) == (1, 4)  # the cart's hold, not an allocation
    removed = await shop.client.request("DELETE", f"/carts/{second}/coupons", json={"code": "FIX5"})
    assert removed.json()["totals"]["total"]["amount"] == 2000 + 490
    paid = await shop.checkout(second)
    assert paid.status_code == 201, paid.text
    assert (paid.json()["coupon_codes"], paid.json()["totals"]["total"]["amount"]) == ([], 2490)


async def test_a_promotion_ended_after_its_code_was_applied_refuses_the_checkout(shop: Shop) -> None:
    promotion_id = await single_use(shop, "ENDED5")
    cart_id = await with_coupon(shop, "MUG-1", "ENDED5")
    ended = await shop.client.post(f"/admin/promotions/{promotion_id}/deactivate", headers=shop.staff)
    assert ended.status_code == 200, ended.text

    refused_code(await shop.checkout(cart_id), "ENDED5", "expired")
    assert await orders_count(shop) == 0
    assert await shop.rows("SELECT id FROM payments_payment") == []
    assert (await cart_of(shop, cart_id))["status"] == "active"


async def test_two_carts_racing_for_a_single_use_coupon_give_one_discounted_order_and_one_409(
    shop: Shop,
) -> None:
    await single_use(shop, "RACE5")
    carts = [await with_coupon(shop, sku, "RACE5") for sku in ("MUG-1", "MUG-2")]

    replies = await asyncio.gather(*(shop.checkout(cart_id) for cart_id in carts))

    assert sorted(r.status_code for r in replies) == [201, 409]
    (won,) = [r.json() for r in replies if r.status_code == 201]
    (lost,) = [(cart_id, r) for cart_id, r in zip(carts, replies, strict=True) if r.status_code == 409]
    assert (won["coupon_codes"], won["totals"]["discount"]["amount"]) == (["RACE5"], 500)
    refused_code(lost[1], "RACE5", "usage_limit_reached")
    assert await orders_count(shop) == 1
    await shop.client.delete(f"/carts/{lost[0]}/coupons/RACE5")
    paid = await shop.checkout(lost[0])
    assert paid.status_code == 201, paid.text
    assert (paid.json()["coupon_codes"], paid.json()["totals"]["discount"]["amount"]) == ([], 0)


async def test_a_free_shipping_code_entered_before_the_method_waits_on_the_cart_then_takes_the_shipping_off(
    shop: Shop,
) -> None:
    made = await promotion(shop.client, shop.staff, kind="free_shipping", coupon_required=True)
    await codes(shop.client, shop.staff, made["id"], code="FREESHIP")
    cart_id = (await shop.client.post("/carts")).json()["id"]
    added = await shop.client.post(f"/carts/{cart_id}/items", json={"sku": "MUG-1", "quantity": 1})
    assert added.status_code == 200, added.text

    early = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": "FREESHIP"})
    quote = await shop.client.post(
        "/quotes",
        json={"items": [{"sku": "MUG-1", "quantity": 1}], "coupon_codes": ["FREESHIP"]},
    )
    await shop.deliver(cart_id)
    shipped = await cart_of(shop, cart_id)
    order = await shop.checkout(cart_id)

    assert early.status_code == 200, early.text
    assert (early.json()["coupon_codes"], early.json()["rejected_coupons"]) == (["FREESHIP"], [])
    assert quote.json()["rejected_coupons"] == []
    assert not any("another combination" in text for text in quote.json()["explanations"])
    totals = {name: money["amount"] for name, money in shipped["totals"].items()}
    assert (totals["shipping"], totals["discount"], totals["total"]) == (490, 490, 1250)
    assert [p["code"] for p in shipped["applied_promotions"]] == ["FREESHIP"]
    assert order.status_code == 201, order.text
    assert (order.json()["coupon_codes"], order.json()["totals"]["total"]["amount"]) == (["FREESHIP"], 1250)
