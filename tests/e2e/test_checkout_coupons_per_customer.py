"""A once-per-customer code over HTTP: guests are held to it by the order's email (trimmed, any case),
which is shared with the customer account of that email; cancelling gives the use back."""

from __future__ import annotations

import asyncio

from tests.e2e.test_checkout import orders_count
from tests.e2e.test_checkout_coupons import cart_of, refused_code, with_coupon
from tests.e2e.test_customers import signed_in
from tests.e2e.test_orders_support import Shop, shop, staff
from tests.e2e.test_promotions_support import codes, promotion
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def once_per_customer(shop: Shop, code: str = "ONCE20") -> str:
    made = await promotion(
        shop.client, shop.staff, value=20, coupon_required=True, per_customer_limit=1, name="Once"
    )
    await codes(shop.client, shop.staff, made["id"], code=code)
    return str(made["id"])


async def used(shop: Shop, promotion_id: str) -> int:
    found = await shop.client.get(f"/admin/promotions/{promotion_id}", headers=shop.staff)
    count: int = found.json()["used"]
    return count


async def test_a_guest_reusing_an_email_in_any_case_is_refused_the_code_at_checkout(shop: Shop) -> None:
    promotion_id = await once_per_customer(shop)
    first = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="Same.Guest@Example.com")
    second = await with_coupon(shop, "MUG-1", "ONCE20")

    refused = await shop.checkout(second, email="SAME.GUEST@example.COM")

    assert first.status_code == 201, first.text
    refused_code(refused, "ONCE20", "usage_limit_reached")
    assert await orders_count(shop) == 1
    assert len(await shop.rows("SELECT id FROM payments_payment")) == 1
    assert (await cart_of(shop, second))["status"] == "active"
    assert await used(shop, promotion_id) == 1
    other = await shop.checkout(second, email="other.guest@example.com")
    assert other.status_code == 201, other.text
    assert other.json()["coupon_codes"] == ["ONCE20"]


async def test_a_guest_cart_with_an_email_that_used_the_code_is_refused_it_on_the_cart(shop: Shop) -> None:
    await once_per_customer(shop)
    first = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="eve@example.com")
    assert first.status_code == 201, first.text
    cart_id = await shop.cart(("MUG-1", 1), email="EVE@example.com")

    applied = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": "ONCE20"})

    assert_problem(applied, 422)
    assert "usage_limit_reached" in applied.json()["detail"]


async def test_a_guest_using_the_email_of_a_customer_who_used_the_code_is_refused(shop: Shop) -> None:
    await once_per_customer(shop)
    anna = await signed_in(shop.client, "anna@example.com")
    mine = await shop.checkout(await with_coupon_for(shop, anna), headers=anna, email=None)
    assert mine.status_code == 201, mine.text

    refused = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="Anna@Example.com")

    refused_code(refused, "ONCE20", "usage_limit_reached")
    assert await orders_count(shop) == 1


async def test_a_customer_whose_email_a_guest_order_used_is_refused_the_code_on_the_cart(shop: Shop) -> None:
    await once_per_customer(shop)
    guest = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="ben@example.com")
    assert guest.status_code == 201, guest.text
    ben = await signed_in(shop.client, "ben@example.com")
    cart_id = await shop.cart(("MUG-1", 1), headers=ben)

    refused = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": "ONCE20"}, headers=ben)

    problem = assert_problem(refused, 422)
    assert "usage_limit_reached" in str(problem)


async def test_cancelling_a_guest_order_gives_the_email_its_use_back(shop: Shop) -> None:
    await once_per_customer(shop)
    placed = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="carl@example.com")
    order, token = placed.json(), placed.headers["X-Order-Token"]

    cancelled = await shop.client.post(f"/orders/{order['id']}/cancel", headers={"X-Order-Token": token})
    again = await shop.checkout(await with_coupon(shop, "MUG-1", "ONCE20"), email="carl@example.com")

    assert cancelled.status_code == 200, cancelled.text
    assert again.status_code == 201, again.text
    assert again.json()["coupon_codes"] == ["ONCE20"]


async def test_two_guest_checkouts_with_one_email_at_once_give_one_discount(shop: Shop) -> None:
    await once_per_customer(shop)
    carts = [await with_coupon(shop, sku, "ONCE20") for sku in ("MUG-1", "MUG-2")]

    replies = await asyncio.gather(*(shop.checkout(c, email="dora@example.com") for c in carts))

    assert sorted(r.status_code for r in replies) == [201, 409]
    (lost,) = [r for r in replies if r.status_code == 409]
    refused_code(lost, "ONCE20", "usage_limit_reached")
    assert await orders_count(shop) == 1


async def test_an_automatic_once_per_customer_promotion_is_left_out_for_a_guest_email_that_had_it(
    shop: Shop,
) -> None:
    made = await promotion(shop.client, shop.staff, value=10, per_customer_limit=1, name="Welcome ten")
    first = await shop.checkout(await shop.cart(("MUG-1", 1)), email="eve@example.com")
    assert first.status_code == 201, first.text

    # A shopper cannot take an automatic promotion off: the quote leaves it out for that email.
    again = await shop.checkout(await shop.cart(("MUG-1", 1)), email="Eve@Example.com")
    other = await shop.checkout(await shop.cart(("MUG-1", 1)), email="ann@example.com")

    assert again.status_code == 201, again.text
    assert (
        first.json()["totals"]["discount"]["amount"] > 0,
        again.json()["totals"]["discount"]["amount"],
    ) == (
        True,
        0,
    )
    assert other.json()["totals"]["discount"] == first.json()["totals"]["discount"]
    assert await used(shop, str(made["id"])) == 2


async def with_coupon_for(shop: Shop, headers: dict[str, str]) -> str:
    cart_id = await shop.cart(("MUG-1", 1), headers=headers)
    applied = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": "ONCE20"}, headers=headers)
    assert applied.status_code == 200, applied.text
    return cart_id
