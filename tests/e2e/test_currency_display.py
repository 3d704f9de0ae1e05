"""``?currency=`` on the listing, the product page and search: shoppers see prices in their currency."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_pricing_support import product, shop, shop_settings, staff
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

__all__ = ["shop", "shop_settings", "staff"]


async def published(client: Any, headers: dict[str, str], *priced: tuple[str, int]) -> dict[str, Any]:
    """A published product with these (SKU, EUR cents) variants, once pricing has its prices."""
    made = await product(client, headers, *priced)
    response = await client.post(f"/admin/products/{made['id']}/publish", headers=headers)
    assert response.status_code == 200, response.text
    return made


async def set_rate(client: Any, headers: dict[str, str], currency: str, rate: str) -> None:
    response = await client.put(f"/admin/exchange-rates/{currency}", json={"rate": rate}, headers=headers)
    assert response.status_code == 200, response.text


async def shown(client: Any, path: str, **params: str) -> dict[str, Any]:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def card(client: Any, product_id: str, **params: str) -> dict[str, Any]:
    listing = await shown(client, "/products", **params)
    return next(item for item in listing["items"] if item["id"] == product_id)


async def hit(client: Any, product_id: str, **params: str) -> dict[str, Any]:
    """The product's search hit, once search has indexed it as published."""

    async def found() -> dict[str, Any] | None:
        hits = (await shown(client, "/search", q="thing", **params))["hits"]
        return next((h for h in hits if h["id"] == product_id), None)

    result: dict[str, Any] = await eventually(found)
    return result


def money(amount: int, currency: str) -> dict[str, Any]:
    return {"amount": amount, "currency": currency}


async def test_a_usd_shopper_sees_the_eur_price_at_the_exchange_rate_everywhere(shop, staff) -> None:
    await set_rate(shop, staff, "USD", "1.0850")
    made = await published(shop, staff, ("CUR-1", 1000))

    listed = await card(shop, made["id"], currency="USD")
    detail = await shown(shop, f"/products/{made['id']}", currency="usd")
    searched = await hit(shop, made["id"], currency="USD")

    assert (listed["price"], listed["price_max"]) == (money(1085, "USD"), money(1085, "USD"))
    assert (detail["price_min"], detail["price_max"]) == (money(1085, "USD"), money(1085, "USD"))
    assert [v["price"] for v in detail["variants"]] == [money(1085, "USD")]
    assert (searched["price"], searched["currency"]) == (1085, "USD")


async def test_each_variant_and_the_price_range_are_converted(shop, staff) -> None:
    await set_rate(shop, staff, "USD", "1.0850")
    made = await published(shop, staff, ("RNG-1", 1000), ("RNG-2", 2000))

    listed = await card(shop, made["id"], currency="USD")
    detail = await shown(shop, f"/products/{made['slug']}", currency="USD")
    searched = await hit(shop, made["id"], currency="USD")

    assert (listed["price"], listed["price_max"]) == (money(1085, "USD"), money(2170, "USD"))
    assert (detail["price_min"], detail["price_max"]) == (money(1085, "USD"), money(2170, "USD"))
    assert {v["sku"]: v["price"] for v in detail["variants"]} == {
        "RNG-1": money(1085, "USD"),
        "RNG-2": money(2170, "USD"),
    }
    assert (searched["price"], searched["currency"]) == (1085, "USD")


async def test_yen_prices_are_rounded_to_whole_yen_and_dinar_to_fils(shop, staff) -> None:
    await set_rate(shop, staff, "JPY", "162.37")
    await set_rate(shop, staff, "KWD", "0.33214")
    made = await published(shop, staff, ("YEN-1", 1000))

    yen = await shown(shop, f"/products/{made['id']}", currency="JPY")
    dinar = await card(shop, made["id"], currency="KWD")
    searched = await hit(shop, made["id"], currency="JPY")

    assert [v["price"] for v in yen["variants"]] == [money(1624, "JPY")]  # 1623.7 yen
    assert dinar["price"] == money(3321, "KWD")  # 3.3214 dinar, to the fils
    assert (searched["price"], searched["currency"]) == (1624, "JPY")


async def test_a_sale_in_the_currency_shows_its_lowest_price_of_30_days(shop, staff) -> None:
    await set_rate(shop, staff, "USD", "1.0850")
    made = await published(shop, staff, ("SALE-1", 1000))
    sale = await shop.post("/admin/price-lists", json={"name": "Sale", "currency": "USD"}, headers=staff)
    assert sale.status_code == 201, sale.text
    prices = {"prices": [{"sku": "SALE-1", "amount": 900}]}
    put = await shop.put(f"/admin/price-lists/{sale.json()['id']}/prices", json=prices, headers=staff)
    assert put.status_code == 200, put.text

    async def on_sale() -> dict[str, Any] | None:
        detail = await shown(shop, f"/products/{made['id']}", currency="USD")
        variant: dict[str, Any] = detail["variants"][0]
        return variant if variant["price"]["amount"] == 900 else None

    variant = await eventually(on_sale)
    assert variant["lowest_price_30d"] == money(1085, "USD")
    assert (await card(shop, made["id"], currency="USD"))["price"] == money(900, "USD")


@pytest.mark.parametrize("currency", ["XXQ", "GBP", "KWD"])
async def test_a_currency_the_shop_cannot_price_in_is_refused_naming_it(shop, staff, currency) -> None:
    """XXQ is no currency, the shop does not sell in GBP, and KWD has no exchange rate yet."""
    made = await published(shop, staff, ("BAD-1", 1000))

    for path in ("/products", f"/products/{made['id']}", "/search"):
        assert_problem(await shop.get(path, params={"currency": currency}), 422, "currency")


async def test_a_currency_not_shaped_like_a_code_is_a_bad_request(shop) -> None:
    for path in ("/products", "/products/some-slug", "/search"):
        assert_problem(await shop.get(path, params={"currency": "EURO"}), 400, "currency")


async def test_an_empty_listing_still_refuses_an_unknown_currency(shop) -> None:
    assert_problem(await shop.get("/products", params={"currency": "GBP", "q": "nothing"}), 422, "currency")


class Spy:
    """The app's bus, recording what the HTTP layer asks."""

    def __init__(self, bus: Any) -> None:
        self.bus = bus
        self.asked: list[str] = []

    async def ask(self, query: Any) -> Any:
        self.asked.append(type(query).__name__)
        return await self.bus.ask(query)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bus, name)


async def test_without_a_currency_or_a_guest_price_list_the_base_prices_show_and_pricing_is_not_asked(
    shop, staff
) -> None:
    await set_rate(shop, staff, "USD", "1.0850")
    made = await published(shop, staff, ("EUR-1", 1000))
    await hit(shop, made["id"])
    spy = Spy(shop.app.state.bus)
    shop.app.state.bus = spy
    try:
        listed = await card(shop, made["id"])
        detail = await shown(shop, f"/products/{made['id']}")
        searched = await hit(shop, made["id"])
    finally:
        shop.app.state.bus = spy.bus

    assert listed["price"] == money(1000, "EUR")
    assert [v["price"] for v in detail["variants"]] == [money(1000, "EUR")]
    assert "lowest_price_30d" not in detail["variants"][0]
    assert (searched["price"], searched["currency"]) == (1000, "EUR")
    lists = "ShownPricesNeedPricing"  # the catalogue's copy of pricing's guest price lists: none
    assert spy.asked == ["ListProducts", lists, "GetProduct", lists, "Search", lists]


async def test_search_price_filters_stay_in_the_default_currency(shop, staff) -> None:
    await set_rate(shop, staff, "USD", "1.0850")
    made = await published(shop, staff, ("FLT-1", 1000))
    await hit(shop, made["id"])

    body = await shown(shop, "/search", q="thing", max_price="1000", currency="USD")

    assert [(h["id"], h["price"], h["currency"]) for h in body["hits"]] == [(made["id"], 1085, "USD")]
