"""Every price change is kept, newest first, and a product on sale shows its lowest 30-day price."""

from __future__ import annotations

from tests.e2e.test_pricing_support import price_list, prices, product, put_prices, shop, shop_settings, staff
from tests.support.eventually import eventually

__all__ = ["shop", "shop_settings", "staff"]


async def test_price_history_lists_base_and_list_changes_newest_first_a_page_at_a_time(shop, staff) -> None:
    made = await product(shop, staff, ("CLOCK-1", 4000))
    variant = made["variants"][0]["id"]
    await shop.patch(
        f"/admin/products/{made['id']}/variants/{variant}",
        json={"price": {"amount": 4200, "currency": "EUR"}},
        headers=staff,
    )
    sale = await price_list(shop, staff)
    path = f"/admin/products/{made['id']}/price-history"

    async def three() -> list[dict]:
        await put_prices(shop, staff, sale["id"], **{"CLOCK-1": 3500})
        items = (await shop.get(path, headers=staff)).json()["items"]
        return items if len(items) == 3 else []

    items = await eventually(three)
    first = (await shop.get(f"{path}?limit=2", headers=staff)).json()
    rest = (await shop.get(f"{path}?limit=2&cursor={first['next_cursor']}", headers=staff)).json()

    assert [(i["amount"], i["source"], i["currency"]) for i in items] == [
        (3500, "price_list", "EUR"),
        (4200, "base", "EUR"),
        (4000, "base", "EUR"),
    ]
    assert items[0]["price_list_id"] == sale["id"]
    assert first["items"] + rest["items"] == items
    assert rest["next_cursor"] is None


async def test_setting_the_same_list_prices_again_adds_no_history(shop, staff) -> None:
    made = await product(shop, staff, ("BELL-1", 1000))
    sale = await price_list(shop, staff)

    await put_prices(shop, staff, sale["id"], **{"BELL-1": 900})
    await put_prices(shop, staff, sale["id"], **{"BELL-1": 900})
    items = (await shop.get(f"/admin/products/{made['id']}/price-history", headers=staff)).json()["items"]

    assert [(i["amount"], i["source"]) for i in items] == [(900, "price_list"), (1000, "base")]


async def test_a_product_on_sale_shows_the_lowest_price_of_the_30_days_before(shop, staff) -> None:
    await product(shop, staff, ("KETTLE-1", 5000))
    earlier = await price_list(shop, staff, name="Earlier offer")
    await put_prices(shop, staff, earlier["id"], **{"KETTLE-1": 4500})
    sale = await price_list(shop, staff, name="Black Friday", priority=10)
    await put_prices(shop, staff, sale["id"], **{"KETTLE-1": 4000})

    [kettle] = await prices(shop, "KETTLE-1")

    assert (kettle.unit_price.amount, kettle.regular_price.amount) == (4000, 5000)
    assert kettle.lowest_price_30d is not None
    assert (kettle.lowest_price_30d.amount, kettle.lowest_price_30d.currency) == (4500, "EUR")


async def test_a_product_not_on_sale_shows_no_omnibus_price(shop, staff) -> None:
    await product(shop, staff, ("TRAY-1", 2000))
    dearer = await price_list(shop, staff)
    await put_prices(shop, staff, dearer["id"], **{"TRAY-1": 2200})

    [tray] = await prices(shop, "TRAY-1")

    assert (tray.unit_price.amount, tray.lowest_price_30d) == (2200, None)


async def test_a_sku_dropped_from_a_list_and_a_deleted_list_are_in_the_history(shop, staff) -> None:
    made = await product(shop, staff, ("BELL-1", 3000), ("BELL-2", 3100))
    sale, other = await price_list(shop, staff), await price_list(shop, staff, name="Other")
    assert (await put_prices(shop, staff, sale["id"], **{"BELL-1": 2500, "BELL-2": 2600})).status_code == 200
    assert (await put_prices(shop, staff, other["id"], **{"BELL-2": 2700})).status_code == 200
    assert (await put_prices(shop, staff, sale["id"], **{"BELL-1": 2500})).status_code == 200
    assert (await shop.delete(f"/admin/price-lists/{other['id']}", headers=staff)).status_code == 204

    items = (await shop.get(f"/admin/products/{made['id']}/price-history", headers=staff)).json()["items"]
    lists = [(i["sku"], i["amount"], i["price_list_id"]) for i in items if i["source"] == "price_list"]

    assert sorted(lists, key=str) == sorted(
        [
            ("BELL-1", 2500, sale["id"]),
            ("BELL-2", 2600, sale["id"]),
            ("BELL-2", 2700, other["id"]),
            ("BELL-2", None, sale["id"]),
            ("BELL-2", None, other["id"]),
        ],
        key=str,
    )
    assert (await prices(shop, "BELL-2"))[0].unit_price.amount == 3100
