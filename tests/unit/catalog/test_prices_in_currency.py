"""The catalogue's shop routes showing prices in a shopper's currency (``?currency=``), without a server."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import msgspec
import pytest

from core.errors import TimedOut, Unavailable
from core.money import Money
from domains.catalog.api import cards_in, prices_in, product_in
from domains.catalog.schemas import Product, ProductCards
from domains.pricing.messages import SkuPrice
from tests.support.pricing import Pricing
from tests.support.pricing import priced as priced_in


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


def usd(amount: int) -> Money:
    return Money(amount=amount, currency="USD")


def priced(sku: str, amount: int, lowest: int | None = None) -> SkuPrice:
    return priced_in(sku, uuid4(), amount, "USD", lowest)


def variant(sku: str, amount: int) -> dict[str, Any]:
    return {"id": str(uuid4()), "sku": sku, "price": eur(amount), "available": True, "options": {}}


def a_product(*variants: dict[str, Any]) -> Product:
    amounts = [v["price"]["amount"] for v in variants]
    return msgspec.convert(
        {
            "id": str(uuid4()),
            "slug": "mug",
            "name": "Mug",
            "description": "",
            "price_min": eur(min(amounts)),
            "price_max": eur(max(amounts)),
            "in_stock": True,
            "brand": None,
            "category": None,
            "breadcrumbs": [],
            "images": [],
            "attributes": {},
            "variants": [{"weight_grams": None, **v} for v in variants],
        },
        Product,
    )


def cards(*low_high: tuple[int, int]) -> ProductCards:
    items = [
        {
            "id": str(uuid4()),
            "slug": f"p-{i}",
            "name": f"P {i}",
            "price": eur(low),
            "price_max": eur(high),
            "in_stock": True,
            "brand": None,
            "category": None,
            "image": None,
        }
        for i, (low, high) in enumerate(low_high)
    ]
    return msgspec.convert({"items": items, "next_cursor": None}, ProductCards)


def test_every_variant_and_the_range_take_pricing_s_price_and_its_lowest_of_30_days() -> None:
    product = a_product(variant("A", 1000), variant("B", 2000))

    shown = product_in(product, {"A": priced("A", 1085, lowest=1200), "B": priced("B", 2170)})

    assert [(v.price, v.lowest_price_30d) for v in shown.variants] == [
        (usd(1085), usd(1200)),
        (usd(2170), None),
    ]
    assert (shown.price_min, shown.price_max) == (usd(1085), usd(2170))


def test_a_variant_pricing_has_not_copied_yet_keeps_its_catalogue_price() -> None:
    product = a_product(variant("A", 1000), variant("B", 500))

    shown = product_in(product, {"A": priced("A", 1085)})

    assert [v.price for v in shown.variants] == [usd(1085), Money(amount=500, currency="EUR")]
    assert (shown.price_min, shown.price_max) == (usd(1085), usd(1085))
    assert product_in(product, {}) == product


async def test_a_card_shows_its_cheapest_and_dearest_variant_in_the_currency() -> None:
    listing = cards((1000, 2000), (300, 300))
    first, second = (card.id for card in listing.items)
    bus = Pricing("USD", {first: {"A": 1085, "B": 2170}})

    shown = await cards_in(bus, listing, "USD")

    assert [(c.price, c.price_max) for c in shown.items] == [
        (usd(1085), usd(2170)),
        (Money(amount=300, currency="EUR"), Money(amount=300, currency="EUR")),
    ]
    assert [(q.product_ids, q.currency) for q in bus.asked] == [([first, second], "USD")]


async def test_pricing_is_asked_even_for_no_skus_so_a_bad_currency_is_always_refused() -> None:
    bus = Pricing("GBP")

    assert await prices_in(bus, "GBP") == {}
    assert [(q.skus, q.product_ids, q.currency) for q in bus.asked] == [([], [], "GBP")]


class PricingDown:
    """A bus whose pricing does not answer (its process is down)."""

    async def ask(self, query: Any) -> Any:
        raise TimedOut("pricing.PriceSkus got no reply in time")


async def test_without_pricing_the_default_currency_keeps_the_catalogue_prices() -> None:
    assert await prices_in(PricingDown(), None, skus=["MUG-1"]) == {}  # type: ignore[arg-type]

    with pytest.raises(Unavailable):
        await prices_in(PricingDown(), "USD", skus=["MUG-1"])  # type: ignore[arg-type]
