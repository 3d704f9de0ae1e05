"""``POST /quotes`` over HTTP: the examples a shop owner tries, exact to the cent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.test_customers import signed_in
from tests.e2e.test_pricing_support import created, price_list, product, put_prices, shop, shop_settings
from tests.e2e.test_promotions_support import codes, promotion
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

__all__ = ["shop", "shop_settings"]

PERMISSIONS = ("pricing", "catalog", "promotions", "customers")


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return staff_headers(*(f"{p}:{a}" for p in PERMISSIONS for a in ("read", "write")))


async def quote(
    client: Any, *items: tuple[str, int], headers: dict[str, str] | None = None, **body: Any
) -> dict[str, Any]:
    wanted = [{"sku": sku, "quantity": quantity} for sku, quantity in items]
    response = await client.post("/quotes", json={"items": wanted, **body}, headers=headers or {})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def on_sale(client: Any, headers: dict[str, str], *priced: tuple[str, int]) -> dict[str, Any]:
    """A published product with these (SKU, EUR cents) variants, once pricing has its prices."""
    made = await product(client, headers, *priced)
    published = await client.post(f"/admin/products/{made['id']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    return made


def amounts(money: dict[str, Any]) -> dict[str, int]:
    return {name: value["amount"] for name, value in money.items()}


def line_figures(result: dict[str, Any]) -> list[tuple[str, int, int, int, int, int]]:
    return [
        (
            line["sku"],
            line["quantity"],
            line["unit_price"]["amount"],
            line["discount"]["amount"],
            line["tax"]["amount"],
            line["total"]["amount"],
        )
        for line in result["lines"]
    ]


async def test_a_quote_without_address_prices_the_lines_and_leaves_tax_unknown(shop, staff) -> None:
    await on_sale(shop, staff, ("MUG-1", 1250), ("MUG-2", 1500))

    result = await quote(shop, ("mug-1", 2), ("MUG-2", 1))

    assert result["currency"] == "EUR"
    assert line_figures(result) == [("MUG-1", 2, 1250, 0, 0, 2500), ("MUG-2", 1, 1500, 0, 0, 1500)]
    assert amounts(result["totals"]) == {
        "subtotal": 4000,
        "discount": 0,
        "shipping": 0,
        "tax": 0,
        "total": 4000,
    }
    assert (result["tax_known"], result["applied_promotions"], result["rejected_coupons"]) == (False, [], [])


async def test_a_customer_in_a_segment_pays_its_eur_price_list_and_a_guest_the_base_price(
    shop, staff
) -> None:
    await on_sale(shop, staff, ("TEE-1", 2000))
    ann = await signed_in(shop)
    ann_id = (await shop.get("/me", headers=ann)).json()["id"]
    segment = await created(shop, "/admin/segments", staff, {"name": "Members", "kind": "static"})
    added = await shop.post(
        f"/admin/segments/{segment['id']}/members", headers=staff, json={"customer_ids": [ann_id]}
    )
    assert added.status_code == 200, added.text
    members = await price_list(shop, staff, name="Members", segment_id=segment["id"])
    assert (await put_prices(shop, staff, members["id"], **{"TEE-1": 1600})).status_code == 200

    async def member_price() -> dict[str, Any] | None:
        result = await quote(shop, ("TEE-1", 3), headers=ann)
        return result if result["lines"][0]["unit_price"]["amount"] == 1600 else None

    mine = await eventually(member_price)
    guest = await quote(shop, ("TEE-1", 3))

    assert line_figures(mine) == [("TEE-1", 3, 1600, 0, 0, 4800)]
    assert line_figures(guest) == [("TEE-1", 3, 2000, 0, 0, 6000)]


async def test_de_vat_is_included_and_us_sales_tax_added_on_the_same_product(shop, staff) -> None:
    await on_sale(shop, staff, ("LAMP-1", 11900))
    for body in ({"country": "DE", "rate": "0.19", "inclusive": True}, {"country": "US", "rate": "0.05"}):
        await created(shop, "/admin/tax-rates", staff, body)

    de = await quote(shop, ("LAMP-1", 1), shipping_address={"country": "DE"})
    us = await quote(shop, ("LAMP-1", 1), shipping_address={"country": "us", "region": "NY"})

    assert line_figures(de) == [("LAMP-1", 1, 11900, 0, 1900, 11900)]
    assert amounts(de["totals"]) == {
        "subtotal": 11900,
        "discount": 0,
        "shipping": 0,
        "tax": 1900,
        "total": 11900,
    }
    assert line_figures(us) == [("LAMP-1", 1, 11900, 0, 595, 12495)]
    assert amounts(us["totals"]) == {
        "subtotal": 11900,
        "discount": 0,
        "shipping": 0,
        "tax": 595,
        "total": 12495,
    }
    assert (de["tax_known"], de["lines"][0]["tax_inclusive"], us["lines"][0]["tax_inclusive"]) == (
        True,
        True,
        False,
    )


async def test_a_ten_percent_coupon_takes_ten_percent_and_is_named(shop, staff) -> None:
    await on_sale(shop, staff, ("BAG-1", 2499), ("BAG-2", 1001))
    created_promotion = await promotion(
        shop, staff, name="Ten off", value="10", coupon_required=True, usage_limit=5
    )
    await codes(shop, staff, created_promotion["id"], code="SAVE10")

    result = await quote(shop, ("BAG-1", 1), ("BAG-2", 1), coupon_codes=["save10"])

    assert [line[3] for line in line_figures(result)] == [250, 100]
    assert amounts(result["totals"]) == {
        "subtotal": 3500,
        "discount": 350,
        "shipping": 0,
        "tax": 0,
        "total": 3150,
    }
    assert [(p["name"], p["code"], p["amount"]["amount"]) for p in result["applied_promotions"]] == [
        ("Ten off", "SAVE10", 350)
    ]


async def test_buy_two_get_one_free_gives_the_third_unit(shop, staff) -> None:
    await on_sale(shop, staff, ("SOCK-1", 799))
    await promotion(
        shop, staff, name="3 for 2", kind="buy_x_get_y", buy=2, get=1, conditions={"skus": ["SOCK-1"]}
    )

    three = await quote(shop, ("SOCK-1", 3))
    two = await quote(shop, ("SOCK-1", 2))

    assert line_figures(three) == [("SOCK-1", 3, 799, 799, 0, 1598)]
    assert amounts(three["totals"])["total"] == 1598
    assert line_figures(two) == [("SOCK-1", 2, 799, 0, 0, 1598)]


async def test_a_tiered_spend_promotion_gives_the_tier_reached(shop, staff) -> None:
    await on_sale(shop, staff, ("CUP-1", 2000))
    tiers = [{"min_subtotal": 5000, "value": "5"}, {"min_subtotal": 10000, "value": "10"}]
    await promotion(shop, staff, name="Spend more", tiers=tiers)

    below = await quote(shop, ("CUP-1", 2))
    first = await quote(shop, ("CUP-1", 3))
    second = await quote(shop, ("CUP-1", 5))

    assert [amounts(r["totals"])["discount"] for r in (below, first, second)] == [0, 300, 1000]
    assert [amounts(r["totals"])["total"] for r in (below, first, second)] == [4000, 5700, 9000]


async def test_an_expired_coupon_is_refused_with_its_reason_and_the_quote_still_made(shop, staff) -> None:
    await on_sale(shop, staff, ("PEN-1", 300))
    old = await promotion(
        shop,
        staff,
        value="10",
        coupon_required=True,
        starts_at="2020-01-01T00:00:00Z",
        ends_at="2020-02-01T00:00:00Z",
    )
    await codes(shop, staff, old["id"], code="OLD10")

    result = await quote(shop, ("PEN-1", 1), coupon_codes=["old10", "NOPE1"])

    assert [(r["code"], r["reason"]) for r in result["rejected_coupons"]] == [
        ("OLD10", "expired"),
        ("NOPE1", "unknown"),
    ]
    assert amounts(result["totals"])["total"] == 300


async def test_a_quote_in_another_currency_converts_at_the_staff_rate(shop, staff) -> None:
    await on_sale(shop, staff, ("PAN-1", 1000))
    assert (
        await shop.put("/admin/exchange-rates/JPY", json={"rate": "160.5"}, headers=staff)
    ).status_code == 200

    result = await quote(shop, ("PAN-1", 2), currency="jpy")

    assert result["currency"] == "JPY"
    assert line_figures(result) == [("PAN-1", 2, 1605, 0, 0, 3210)]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"items": [{"sku": "NOPE", "quantity": 1}]}, 422, "items[0].sku"),
        ({"items": [{"sku": "BOX-1", "quantity": 0}]}, 400, "items[0].quantity"),
        ({"items": [{"sku": "BOX-1", "quantity": -1}]}, 400, "items[0].quantity"),
        ({"items": [{"sku": "BOX-1", "quantity": 10**9}]}, 422, "items[0].quantity"),
        ({"items": []}, 400, "items"),
        ({"items": [{"sku": "BOX-1", "quantity": 1}], "currency": "XXQ"}, 422, "currency"),
        ({"items": [{"sku": "BOX-1", "quantity": 1}], "currency": "GBP"}, 422, "currency"),
        (
            {"items": [{"sku": "BOX-1", "quantity": 1}], "shipping_address": {"country": "QQ"}},
            422,
            "shipping_address.country",
        ),
        ({"items": [{"sku": "BOX-1", "quantity": 1}], "extra": 1}, 400, "extra"),
    ],
)
async def test_bad_quotes_are_refused_naming_the_field(shop, staff, body, status, field) -> None:
    await on_sale(shop, staff, ("BOX-1", 500))

    assert_problem(await shop.post("/quotes", json=body), status, field)


async def test_only_published_products_can_be_quoted(shop, staff) -> None:
    draft = await product(shop, staff, ("DRAFT-1", 500))
    archived = await on_sale(shop, staff, ("GONE-1", 500))
    assert (await shop.post(f"/admin/products/{archived['id']}/archive", headers=staff)).status_code == 200
    body = {"items": [{"sku": "DRAFT-1", "quantity": 1}, {"sku": "GONE-1", "quantity": 1}]}

    refused = assert_problem(await shop.post("/quotes", json=body), 422)

    assert draft["status"] == "draft"
    assert [e["field"] for e in refused["errors"]] == ["items[0].sku", "items[1].sku"]
