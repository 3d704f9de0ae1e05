"""A cart's coupons and delivery over HTTP: refused codes say why, shipping prices join the totals."""

from __future__ import annotations

from tests.e2e.test_cart_support import (
    BERLIN,
    add,
    amounts,
    created,
    new_cart,
    ok,
    shipping_method,
    staff,
    stocked,
)
from tests.support.problems import assert_problem

__all__ = ["staff"]


async def coupon(client, staff, code: str, **promotion) -> None:
    body = {
        "name": f"Promo {code}",
        "kind": "percentage",
        "value": "10",
        "coupon_required": True,
        **promotion,
    }
    made = await created(client, "/admin/promotions", staff, body)
    await created(client, f"/admin/promotions/{made['id']}/coupons", staff, {"code": code})


async def test_a_coupon_the_quote_accepts_joins_the_cart_and_one_it_refuses_says_why(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    await coupon(client, staff, "SAVE10")
    await coupon(client, staff, "BIGSPEND", conditions={"min_subtotal": 50_000})
    await coupon(client, staff, "OLD10", starts_at="2020-01-01T00:00:00Z", ends_at="2020-02-01T00:00:00Z")
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 2)
    path = f"/carts/{cart['id']}/coupons"

    for code, reason in (("BIGSPEND", "minimum_not_met"), ("old10", "expired"), ("NOPE-1", "unknown")):
        problem = assert_problem(await client.post(path, json={"code": code}), 422, "code")
        assert [e["message"] for e in problem["errors"]] == [reason]
        assert reason in problem["detail"]
    applied = await ok(await client.post(path, json={"code": "save10"}))
    quote = await ok(
        await client.post(
            "/quotes", json={"items": [{"sku": "MUG-1", "quantity": 2}], "coupon_codes": ["SAVE10"]}
        )
    )

    assert (applied["coupon_codes"], amounts(applied["totals"])["discount"]) == (["SAVE10"], 200)
    assert applied["totals"] == quote["totals"]
    assert [p["code"] for p in applied["applied_promotions"]] == ["SAVE10"]
    assert_problem(await client.post(path, json={"code": "OLD10"}), 422, "code")  # one code per order


async def test_a_coupon_is_taken_off_by_path_or_by_body(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    await coupon(client, staff, "SAVE10")
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 1)
    path = f"/carts/{cart['id']}/coupons"
    await ok(await client.post(path, json={"code": "SAVE10"}))
    by_path = await ok(await client.delete(f"{path}/save10"))
    assert (by_path["coupon_codes"], amounts(by_path["totals"])["discount"]) == ([], 0)
    await ok(await client.post(path, json={"code": "SAVE10"}))
    by_body = await ok(await client.request("DELETE", path, json={"code": "SAVE10"}))
    assert by_body["coupon_codes"] == []
    assert_problem(await client.delete(f"{path}/SAVE10"), 404)


async def test_shipping_address_then_rates_then_method_puts_the_price_in_the_totals(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10), weight=400)
    standard = await shipping_method(client, staff, ["DE", "AT"], 490, free_over=10_000)
    express = await shipping_method(client, staff, ["DE"], 1290, name="Express")
    await shipping_method(client, staff, ["IS"], 2500, name="Islands")
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 3)
    path = f"/carts/{cart['id']}"

    addressed = await ok(await client.post(f"{path}/shipping-address", json={**BERLIN, "country": "de"}))
    rates = await ok(await client.get(f"{path}/shipping-rates"))
    chosen = await ok(await client.post(f"{path}/shipping-method", json={"method_id": express}))
    quote = await ok(
        await client.post(
            "/quotes",
            json={"items": [{"sku": "MUG-1", "quantity": 3}], "shipping_address": {"country": "DE"}},
        )
    )

    assert (addressed["shipping_address"]["country"], addressed["shipping_address"]["postal_code"]) == (
        "DE",
        "10117",
    )
    assert sorted((r["name"], r["price"]["amount"]) for r in rates) == [("Express", 1290), ("Standard", 490)]
    assert chosen["shipping_method"] == {
        "method_id": express,
        "name": "Express",
        "price": {"amount": 1290, "currency": "EUR"},
    }
    assert amounts(chosen["totals"])["shipping"] == 1290
    assert amounts(chosen["totals"])["total"] == amounts(quote["totals"])["total"] + 1290
    cheaper = await ok(await client.post(f"{path}/shipping-method", json={"method_id": standard}))
    assert amounts(cheaper["totals"])["shipping"] == 490


async def test_a_method_that_does_not_serve_the_address_is_refused_and_a_move_drops_it(client, staff) -> None:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    germany = await shipping_method(client, staff, ["DE"], 490)
    iceland = await shipping_method(client, staff, ["IS"], 2500, name="Islands")
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 1)
    path = f"/carts/{cart['id']}"
    assert_problem(await client.get(f"{path}/shipping-rates"), 422, "shipping_address")
    assert_problem(
        await client.post(f"{path}/shipping-method", json={"method_id": germany}), 422, "shipping_address"
    )

    await ok(await client.post(f"{path}/shipping-address", json=BERLIN))
    assert_problem(
        await client.post(f"{path}/shipping-method", json={"method_id": iceland}), 422, "method_id"
    )
    await ok(await client.post(f"{path}/shipping-method", json={"method_id": germany}))
    reykjavik = {"line1": "Laugavegur 1", "city": "Reykjavik", "postal_code": "101", "country": "IS"}
    moved = await ok(await client.post(f"{path}/shipping-address", json=reykjavik))

    assert (moved["shipping_method"], amounts(moved["totals"])["shipping"]) == (None, 0)
