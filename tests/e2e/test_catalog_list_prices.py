"""Without ``?currency=`` the shop shows the default currency's prices as the cart charges them:
a price list in it applies on the listing, the product page and search, as in ``POST /quotes``."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_pricing_support import price_list, product, segment, shop, shop_settings, staff
from tests.support.eventually import eventually

__all__ = ["shop", "shop_settings", "staff"]


def eur(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "EUR"}


async def shown(client: Any, made: dict[str, Any], **params: str) -> dict[str, Any]:
    """The product's price on the listing, on its page and in search, and its variants' prices."""
    listing = (await client.get("/products", params=params)).json()["items"]
    card = next(item for item in listing if item["id"] == made["id"])
    detail = (await client.get(f"/products/{made['slug']}", params=params)).json()
    hits = (await client.get("/search", params={"q": "thing", **params})).json()["hits"]
    hit = next((h for h in hits if h["id"] == made["id"]), None)
    return {
        "card": (card["price"], card["price_max"]),
        "detail": (detail["price_min"], detail["price_max"]),
        "variants": [v["price"] for v in detail["variants"]],
        "search": (hit["price"], hit["currency"]) if hit else None,
    }


async def test_a_price_list_in_the_default_currency_shows_without_asking_for_a_currency(shop, staff) -> None:
    made = await product(shop, staff, ("LIST-1", 1699), ("LIST-2", 1899))
    published = await shop.post(f"/admin/products/{made['id']}/publish", headers=staff)
    assert published.status_code == 200, published.text
    sale = await price_list(shop, staff, priority=10)
    prices = {"prices": [{"sku": "LIST-1", "amount": 2500}]}
    assert (await shop.put(f"/admin/price-lists/{sale['id']}/prices", json=prices, headers=staff)).is_success
    quote = (await shop.post("/quotes", json={"items": [{"sku": "LIST-1", "quantity": 1}]})).json()
    expected = {
        "card": (eur(1899), eur(2500)),
        "detail": (eur(1899), eur(2500)),
        "variants": [eur(2500), eur(1899)],
        "search": (1899, "EUR"),
    }

    async def agree() -> bool:
        return await shown(shop, made) == expected == await shown(shop, made, currency="EUR")

    await eventually(agree)
    assert quote["lines"][0]["unit_price"] == eur(2500)


async def test_once_the_price_list_is_deleted_the_base_prices_show_again(shop, staff) -> None:
    made = await product(shop, staff, ("GONE-1", 1699))
    assert (await shop.post(f"/admin/products/{made['id']}/publish", headers=staff)).status_code == 200
    sale = await price_list(shop, staff, priority=10)
    prices = {"prices": [{"sku": "GONE-1", "amount": 999}]}
    assert (await shop.put(f"/admin/price-lists/{sale['id']}/prices", json=prices, headers=staff)).is_success

    async def card_at(amount: int) -> bool:
        return (await shown(shop, made))["card"] == (eur(amount), eur(amount))

    await eventually(lambda: card_at(999))
    assert (await shop.delete(f"/admin/price-lists/{sale['id']}", headers=staff)).status_code == 204
    await eventually(lambda: card_at(1699))


async def test_a_members_only_price_list_leaves_the_guests_prices_alone(shop, staff) -> None:
    made = await product(shop, staff, ("MEMB-1", 1699))
    assert (await shop.post(f"/admin/products/{made['id']}/publish", headers=staff)).status_code == 200
    members = await price_list(shop, staff, priority=10, segment_id=await segment(shop, staff))
    prices = {"prices": [{"sku": "MEMB-1", "amount": 999}]}
    assert (
        await shop.put(f"/admin/price-lists/{members['id']}/prices", json=prices, headers=staff)
    ).is_success
    quote = (await shop.post("/quotes", json={"items": [{"sku": "MEMB-1", "quantity": 1}]})).json()

    assert quote["lines"][0]["unit_price"] == eur(1699)
    assert (await shown(shop, made))["card"] == (eur(1699), eur(1699))
