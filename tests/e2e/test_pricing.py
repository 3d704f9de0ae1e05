"""Staff keep price lists and exchange rates over HTTP; the quote asks pricing over the bus."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import Invalid
from tests.e2e.test_pricing_support import (
    price_list,
    prices,
    product,
    put_prices,
    segment,
    shop,
    shop_settings,
    staff,
)
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

__all__ = ["shop", "shop_settings", "staff"]


async def test_a_new_product_is_priced_at_its_catalogue_price_in_the_default_currency(shop, staff) -> None:
    await product(shop, staff, ("MUG-1", 1250))

    [mug] = await prices(shop, "mug-1", "NOPE")

    assert (mug.sku, mug.unit_price.amount, mug.unit_price.currency) == ("MUG-1", 1250, "EUR")
    assert (mug.price_list_id, mug.lowest_price_30d, mug.tax_class) == (None, None, "standard")


async def test_catalogue_price_changes_and_removals_reach_pricing(shop, staff) -> None:
    made = await product(shop, staff, ("CUP-1", 900), ("CUP-2", 950))
    cup1, cup2 = made["variants"]
    path = f"/admin/products/{made['id']}/variants"

    changed = await shop.patch(
        f"{path}/{cup1['id']}", json={"price": {"amount": 990, "currency": "EUR"}}, headers=staff
    )
    removed = await shop.delete(f"{path}/{cup2['id']}", headers=staff)

    async def moved() -> Any:
        found = await prices(shop, "CUP-1", "CUP-2")
        return [(p.sku, p.unit_price.amount) for p in found] == [("CUP-1", 990)]

    assert (changed.status_code, removed.status_code) == (200, 204), (changed.text, removed.text)
    assert await eventually(moved)


async def test_staff_create_read_change_and_delete_a_price_list(shop, staff) -> None:
    made = await price_list(shop, staff, name="Winter", priority=5, starts_at="2026-01-01T00:00:00Z")
    path = f"/admin/price-lists/{made['id']}"

    fetched = await shop.get(path, headers=staff)
    listed = await shop.get("/admin/price-lists", headers=staff)
    patched = await shop.patch(path, json={"name": "Winter sale", "starts_at": None}, headers=staff)
    deleted = await shop.delete(path, headers=staff)
    gone = await shop.get(path, headers=staff)

    assert (made["currency"], made["priority"], made["prices"]) == ("EUR", 5, {})
    assert fetched.json() == made
    assert [item["id"] for item in listed.json()["items"]] == [made["id"]]
    assert (patched.json()["name"], patched.json()["starts_at"]) == ("Winter sale", None)
    assert deleted.status_code == 204
    assert_problem(gone, 404)


async def test_a_price_list_price_is_what_the_shopper_pays(shop, staff) -> None:
    await product(shop, staff, ("LAMP-1", 5000), ("LAMP-2", 6000))
    sale = await price_list(shop, staff)

    response = await put_prices(shop, staff, sale["id"], **{"lamp-1": 4000})
    lamp1, lamp2 = await prices(shop, "LAMP-1", "LAMP-2")

    assert response.json()["prices"] == {"LAMP-1": 4000}
    assert (lamp1.unit_price.amount, lamp1.regular_price.amount, str(lamp1.price_list_id)) == (
        4000,
        5000,
        sale["id"],
    )
    assert (lamp2.unit_price.amount, lamp2.price_list_id) == (6000, None)


async def test_an_unknown_sku_is_refused_naming_it_and_nothing_is_replaced(shop, staff) -> None:
    await product(shop, staff, ("BOWL-1", 1500))
    sale = await price_list(shop, staff)
    await put_prices(shop, staff, sale["id"], **{"BOWL-1": 1200})

    response = await put_prices(shop, staff, sale["id"], **{"BOWL-1": 1100, "GHOST-9": 100})
    kept = await shop.get(f"/admin/price-lists/{sale['id']}", headers=staff)

    assert_problem(response, 422, "prices[1].sku")
    assert kept.json()["prices"] == {"BOWL-1": 1200}


async def test_the_winning_list_is_the_highest_priority_then_a_segment_one_then_the_newest(
    shop, staff
) -> None:
    await product(shop, staff, ("VASE-1", 3000))
    vip = await segment(shop, staff)
    general = await price_list(shop, staff, name="General", priority=1)
    members = await price_list(shop, staff, name="Members", priority=1, segment_id=vip)
    newer = await price_list(shop, staff, name="Newer", priority=1)
    for pl, amount in ((general, 2500), (members, 2400), (newer, 2600)):
        await put_prices(shop, staff, pl["id"], **{"VASE-1": amount})

    [anyone] = await prices(shop, "VASE-1")
    [member] = await prices(shop, "VASE-1", segment_ids=[UUID(vip)])
    await shop.patch(f"/admin/price-lists/{general['id']}", json={"priority": 2}, headers=staff)
    [after] = await prices(shop, "VASE-1", segment_ids=[UUID(vip)])

    assert (str(anyone.price_list_id), anyone.unit_price.amount) == (newer["id"], 2600)
    assert (str(member.price_list_id), member.unit_price.amount) == (members["id"], 2400)
    assert (str(after.price_list_id), after.unit_price.amount) == (general["id"], 2500)


async def test_a_price_list_for_a_segment_no_one_has_is_refused_and_not_kept(shop, staff) -> None:
    kept = await price_list(shop, staff, name="Kept", segment_id=await segment(shop, staff))
    nobody = {"field": "segment_id", "message": "no such segment"}

    made = await shop.post(
        "/admin/price-lists",
        json={"name": "Bad", "currency": "EUR", "segment_id": str(uuid4())},
        headers=staff,
    )
    moved = await shop.patch(
        f"/admin/price-lists/{kept['id']}", json={"segment_id": str(uuid4())}, headers=staff
    )
    listed = (await shop.get("/admin/price-lists", headers=staff)).json()["items"]

    assert assert_problem(made, 422, "segment_id")["errors"] == [nobody]
    assert assert_problem(moved, 422, "segment_id")["errors"] == [nobody]
    assert listed == [kept]


async def test_a_list_outside_its_window_does_not_apply(shop, staff) -> None:
    await product(shop, staff, ("RUG-1", 8000))
    over = await price_list(shop, staff, starts_at="2020-01-01T00:00:00Z", ends_at="2020-02-01T00:00:00Z")
    ahead = await price_list(shop, staff, starts_at="2999-01-01T00:00:00Z")
    await put_prices(shop, staff, over["id"], **{"RUG-1": 7000})
    await put_prices(shop, staff, ahead["id"], **{"RUG-1": 6000})

    [rug] = await prices(shop, "RUG-1")

    assert (rug.unit_price.amount, rug.price_list_id) == (8000, None)


async def test_prices_convert_at_the_staff_rate_to_each_currency_minor_units(shop, staff) -> None:
    await product(shop, staff, ("TEA-1", 1999))
    for currency, rate in (("USD", "1.0850"), ("JPY", "162.37"), ("KWD", "0.3321")):
        response = await shop.put(f"/admin/exchange-rates/{currency}", json={"rate": rate}, headers=staff)
        assert response.status_code == 200, response.text

    found = {c: (await prices(shop, "TEA-1", currency=c))[0].unit_price.amount for c in ("USD", "JPY", "KWD")}
    rates = await shop.get("/admin/exchange-rates", headers=staff)

    # 19.99 x 1.0850 = 21.689 -> 21.69; x 162.37 = 3245.776 -> 3246 yen; x 0.3321 = 6.638679 -> 6.639
    assert found == {"USD": 2169, "JPY": 3246, "KWD": 6639}
    assert [(r["currency"], r["rate"]) for r in rates.json()["items"]] == [
        ("JPY", "162.37"),
        ("KWD", "0.3321"),
        ("USD", "1.085"),
    ]


async def test_charm_rounding_lifts_a_converted_price_to_99(shop, staff) -> None:
    await product(shop, staff, ("JAM-1", 1000))
    await shop.put("/admin/exchange-rates/USD", json={"rate": "1.0850", "charm": True}, headers=staff)
    await shop.put("/admin/exchange-rates/JPY", json={"rate": "162.37", "charm": True}, headers=staff)

    [usd] = await prices(shop, "JAM-1", currency="USD")
    [jpy] = await prices(shop, "JAM-1", currency="JPY")

    assert (usd.unit_price.amount, jpy.unit_price.amount) == (1099, 1624)


@pytest.mark.parametrize(
    ("currency", "why"),
    [("GBP", "not a shop currency"), ("XYZ", "not ISO 4217"), ("USD", "no rate set yet")],
)
async def test_a_currency_that_cannot_be_priced_is_invalid_naming_currency(
    shop, staff, currency, why
) -> None:
    await product(shop, staff, ("PAN-1", 2500))

    with pytest.raises(Invalid) as caught:
        await prices(shop, "PAN-1", currency=currency)

    assert [e.field for e in caught.value.errors] == ["currency"], why


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/admin/price-lists", {"name": "X", "currency": "XYZ"}, 422, "currency"),
        ("/admin/price-lists", {"name": "X", "currency": "GBP"}, 422, "currency"),
        ("/admin/price-lists", {"name": "X", "currency": "EUR", "priority": 5000}, 400, "priority"),
        (
            "/admin/price-lists",
            {
                "name": "X",
                "currency": "EUR",
                "starts_at": "2026-02-01T00:00:00Z",
                "ends_at": "2026-01-01T00:00:00Z",
            },
            422,
            "ends_at",
        ),
    ],
)
async def test_bad_price_list_input_names_the_field(shop, staff, path, body, status, field) -> None:
    assert_problem(await shop.post(path, json=body, headers=staff), status, field)
    assert (await shop.get("/admin/price-lists", headers=staff)).json()["items"] == []


async def test_a_negative_list_price_names_its_field(shop, staff) -> None:
    await product(shop, staff, ("POT-1", 2500))
    sale = await price_list(shop, staff)

    assert_problem(await put_prices(shop, staff, sale["id"], **{"POT-1": -5}), 400, "prices[0].amount")


@pytest.mark.parametrize(
    ("currency", "body", "status", "field"),
    [
        ("USD", {"rate": "abc"}, 400, "rate"),
        ("USD", {"rate": "0"}, 422, "rate"),
        ("GBP", {"rate": "0.85"}, 422, "currency"),
        ("EUR", {"rate": "1"}, 422, "currency"),
        ("USD", {"rate": 1.08}, 400, "rate"),
    ],
)
async def test_bad_exchange_rates_name_the_field(shop, staff, currency, body, status, field) -> None:
    response = await shop.put(f"/admin/exchange-rates/{currency}", json=body, headers=staff)

    assert_problem(response, status, field)
    assert (await shop.get("/admin/exchange-rates", headers=staff)).json()["items"] == []


async def test_pricing_routes_need_the_pricing_permissions(shop, staff_headers) -> None:
    reader = staff_headers("pricing:read")

    assert_problem(await shop.get("/admin/price-lists"), 401)
    assert_problem(await shop.get("/admin/price-lists", headers=staff_headers("catalog:read")), 403)
    assert (await shop.get("/admin/price-lists", headers=reader)).status_code == 200
    assert_problem(
        await shop.post("/admin/price-lists", json={"name": "X", "currency": "EUR"}, headers=reader), 403
    )
