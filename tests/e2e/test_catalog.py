"""Shoppers' catalogue routes over HTTP: listings, filters, sorting, paging, detail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, STOCK_KEEPER, brand, category, product, stock, variant
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF, *STOCK_KEEPER)


@pytest.fixture
async def shop(client: Any, staff: dict[str, str]) -> dict[str, Any]:
    """Two brands, electronics > phones, coffee; five published products and one draft."""
    apple, samsung = await brand(client, staff, "Apple"), await brand(client, staff, "Samsung")
    electronics = await category(client, staff, "Electronics")
    phones = await category(client, staff, "Phones", parent_id=electronics["id"])
    coffee = await category(client, staff, "Coffee")
    made = {
        "iphone": await product(
            client,
            staff,
            "iPhone 15",
            variant("IP15-128", 99900, storage="128 GB"),
            variant("IP15-256", 112900, available=False, storage="256 GB"),
            brand_id=apple["id"],
            category_id=phones["id"],
            publish=True,
            images=["https://img.example/ip15.jpg"],
            attributes={"os": "iOS", "5g": True},
        ),
        "galaxy": await product(
            client,
            staff,
            "Samsung Galaxy S24",
            variant("SGS24", 84900),
            brand_id=samsung["id"],
            category_id=phones["id"],
            publish=True,
        ),
        "macbook": await product(
            client,
            staff,
            "MacBook Air",
            variant("MBA13", 129900),
            brand_id=apple["id"],
            category_id=electronics["id"],
            publish=True,
        ),
        "cafe": await product(
            client,
            staff,
            "Café Crème Bio",
            variant("CAFE-250", 799, available=False),
            category_id=coffee["id"],
            publish=True,
        ),
        "tea": await product(
            client, staff, "Thé Vert", variant("TEA-100", 499), category_id=coffee["id"], publish=True
        ),
        "draft": await product(
            client, staff, "iPhone 16 Prototype", variant("IP16", 199900), brand_id=apple["id"]
        ),
    }
    await stock(client, staff, "IP15-128", "SGS24", "MBA13", "TEA-100", "IP16")
    return {"products": made, "phones": phones, "electronics": electronics, "apple": apple}


async def names(client: Any, **params: Any) -> list[str]:
    response = await client.get("/products", params=params)
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


async def test_listing_shows_published_products_with_price_and_stock_but_no_drafts(client, shop) -> None:
    response = await client.get("/products")

    assert response.status_code == 200
    body = response.json()
    assert body["next_cursor"] is None
    by_name = {item["name"]: item for item in body["items"]}
    assert set(by_name) == {"iPhone 15", "Samsung Galaxy S24", "MacBook Air", "Café Crème Bio", "Thé Vert"}
    iphone = by_name["iPhone 15"]
    assert iphone["slug"] == "iphone-15"
    assert iphone["price"] == {"amount": 99900, "currency": "EUR"}
    assert iphone["in_stock"] is True
    assert iphone["brand"]["slug"] == "apple"
    assert iphone["category"]["path"] == "electronics/phones"
    assert iphone["image"] == "https://img.example/ip15.jpg"
    assert by_name["Café Crème Bio"]["in_stock"] is False


async def test_category_filter_includes_its_subcategories(client, shop) -> None:
    assert set(await names(client, category="electronics")) == {
        "iPhone 15",
        "Samsung Galaxy S24",
        "MacBook Air",
    }
    assert set(await names(client, category="phones")) == {"iPhone 15", "Samsung Galaxy S24"}


async def test_brand_filter_takes_a_slug(client, shop) -> None:
    assert set(await names(client, brand="apple")) == {"iPhone 15", "MacBook Air"}


async def test_unknown_category_or_brand_lists_nothing(client, shop) -> None:
    assert await names(client, category="garden") == []
    assert await names(client, brand="nokia") == []


async def test_price_range_compares_the_lowest_variant_price(client, shop) -> None:
    assert set(await names(client, min_price=80000, max_price=100000)) == {"iPhone 15", "Samsung Galaxy S24"}
    assert set(await names(client, max_price=799)) == {"Café Crème Bio", "Thé Vert"}


async def test_sorts_by_price_both_ways_and_by_name(client, shop) -> None:
    assert await names(client, sort="price_asc") == [
        "Thé Vert",
        "Café Crème Bio",
        "Samsung Galaxy S24",
        "iPhone 15",
        "MacBook Air",
    ]
    assert await names(client, sort="price_desc") == [
        "MacBook Air",
        "iPhone 15",
        "Samsung Galaxy S24",
        "Café Crème Bio",
        "Thé Vert",
    ]
    assert await names(client, sort="name") == [
        "Café Crème Bio",
        "iPhone 15",
        "MacBook Air",
        "Samsung Galaxy S24",
        "Thé Vert",
    ]


async def test_newest_product_comes_first_by_default(client, shop) -> None:
    assert (await names(client))[0] == "Thé Vert"


async def test_text_query_ignores_case_and_accents(client, shop) -> None:
    assert await names(client, q="cafe creme") == ["Café Crème Bio"]
    assert set(await names(client, q="IPHONE")) == {"iPhone 15"}


@pytest.mark.parametrize("sort", ["newest", "price_asc", "price_desc", "name"])
async def test_cursor_pages_show_every_product_once_in_order(client, shop, sort: str) -> None:
    expected = await names(client, sort=sort)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"sort": sort, "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = (await client.get("/products", params=params)).json()
        seen += [item["name"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == expected
    assert cursor is None


@pytest.mark.parametrize("limit", ["0", "101", "-1", "many"])
async def test_limit_outside_one_to_a_hundred_is_refused_naming_limit(client, limit: str) -> None:
    assert_problem(await client.get("/products", params={"limit": limit}), 400, "limit")


async def test_tampered_cursor_is_refused_naming_cursor(client, shop) -> None:
    assert_problem(await client.get("/products", params={"cursor": "not-a-cursor!"}), 422, "cursor")
    first = (await client.get("/products", params={"limit": 1, "sort": "price_asc"})).json()
    other_sort = await client.get("/products", params={"cursor": first["next_cursor"], "sort": "name"})
    assert_problem(other_sort, 422, "cursor")


async def test_bad_price_filters_and_sorts_are_refused(client) -> None:
    assert_problem(await client.get("/products", params={"min_price": -5}), 400, "min_price")
    assert_problem(
        await client.get("/products", params={"min_price": 500, "max_price": 100}), 422, "max_price"
    )
    assert_problem(await client.get("/products", params={"sort": "cheapest"}), 400, "sort")


async def test_detail_by_id_or_slug_shows_variants_with_sku_price_and_availability(client, shop) -> None:
    iphone = shop["products"]["iphone"]
    by_id = await client.get(f"/products/{iphone['id']}")
    by_slug = await client.get("/products/iphone-15")

    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    detail = by_slug.json()
    assert [(v["sku"], v["price"]["amount"], v["available"]) for v in detail["variants"]] == [
        ("IP15-128", 99900, True),
        ("IP15-256", 112900, False),
    ]
    assert detail["variants"][0]["options"] == {"storage": "128 GB"}
    assert detail["attributes"] == {"os": "iOS", "5g": True}
    assert detail["images"] == ["https://img.example/ip15.jpg"]
    assert [c["slug"] for c in detail["breadcrumbs"]] == ["electronics", "phones"]
    assert detail["brand"]["name"] == "Apple"
    assert detail["price_min"]["amount"] == 99900
    assert detail["price_max"]["amount"] == 112900
    assert "status" not in detail


async def test_draft_and_unknown_products_are_not_found(client, shop) -> None:
    draft = shop["products"]["draft"]
    assert_problem(await client.get(f"/products/{draft['id']}"), 404)
    assert_problem(await client.get(f"/products/{draft['slug']}"), 404)
    assert_problem(await client.get("/products/no-such-thing"), 404)
    assert_problem(await client.get("/products/00000000-0000-4000-8000-000000000000"), 404)


async def test_categories_come_as_a_tree(client, shop) -> None:
    response = await client.get("/categories")

    assert response.status_code == 200
    roots = {node["slug"]: node for node in response.json()["items"]}
    assert set(roots) == {"electronics", "coffee"}
    assert [child["slug"] for child in roots["electronics"]["children"]] == ["phones"]
    assert roots["electronics"]["children"][0]["path"] == "electronics/phones"


async def test_brands_are_listed_by_name_and_paged(client, staff, shop) -> None:
    await brand(client, staff, "Bose")
    first = (await client.get("/brands", params={"limit": 2})).json()
    rest = (await client.get("/brands", params={"limit": 2, "cursor": first["next_cursor"]})).json()

    assert [b["name"] for b in first["items"]] == ["Apple", "Bose"]
    assert [b["name"] for b in rest["items"]] == ["Samsung"]
    assert rest["next_cursor"] is None


async def test_archived_product_leaves_the_shop(client, staff, shop) -> None:
    galaxy = shop["products"]["galaxy"]

    archived = await client.post(f"/admin/products/{galaxy['id']}/archive", headers=staff)

    assert archived.status_code == 200
    assert archived.json()["status"] == "archived"
    assert "Samsung Galaxy S24" not in await names(client)
    assert_problem(await client.get(f"/products/{galaxy['slug']}"), 404)
