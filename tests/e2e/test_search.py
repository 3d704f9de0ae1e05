"""Search over HTTP: the index follows the catalogue and CMS, analytics follow the shoppers."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.eventually import eventually

CATALOG = ("catalog:write", "catalog:read")


@pytest.fixture
async def shop(client, staff_headers) -> dict[str, Any]:
    """A small published catalogue, already searchable."""
    admin = staff_headers(*CATALOG)
    phones = (await client.post("/admin/categories", json={"name": "Phones"}, headers=admin)).json()
    coffee = (await client.post("/admin/categories", json={"name": "Coffee"}, headers=admin)).json()
    apple = (await client.post("/admin/brands", json={"name": "Apple"}, headers=admin)).json()
    samsung = (await client.post("/admin/brands", json={"name": "Samsung"}, headers=admin)).json()
    products = [
        ("iPhone 15 Pro", apple, phones, 119_900, {"colour": "black"}),
        ("Samsung Galaxy S24", samsung, phones, 89_900, {"colour": "violet"}),
        ("Café Crème beans", None, coffee, 1_490, {}),
    ]
    ids = []
    for i, (name, brand, category, price, attributes) in enumerate(products):
        response = await client.post(
            "/admin/products",
            headers=admin,
            json={
                "name": name,
                "brand_id": brand["id"] if brand else None,
                "category_id": category["id"],
                "attributes": attributes,
                "publish": True,
                "variants": [{"sku": f"SKU-{i}", "price": {"amount": price, "currency": "EUR"}}],
            },
        )
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])

    async def all_indexed() -> bool:
        return (await client.get("/search")).json()["total"] == len(products)

    await eventually(all_indexed)
    return {"ids": ids, "admin": admin}


async def test_a_typo_still_finds_the_product_and_the_reply_has_a_query_id(client, shop) -> None:
    response = await client.get("/search", params={"q": "iphnoe"})
    assert response.status_code == 200
    body = response.json()
    assert [hit["title"] for hit in body["hits"]][:1] == ["iPhone 15 Pro"]
    assert body["query_id"]


async def test_a_query_of_only_punctuation_finds_nothing_instead_of_everything(client, shop) -> None:
    assert (await client.get("/search")).json()["total"] > 0
    for q in ("!!!", "...,;"):
        body = (await client.get("/search", params={"q": q})).json()
        assert (body["total"], body["hits"]) == (0, [])
        suggestions = await client.get("/search/autocomplete", params={"q": q})
        assert suggestions.json() == {"suggestions": []}


async def test_accents_do_not_matter(client, shop) -> None:
    body = (await client.get("/search", params={"q": "cafe creme"})).json()
    assert [hit["title"] for hit in body["hits"]] == ["Café Crème beans"]


async def test_filters_combine_with_text_and_facets_count_the_filtered_hits(client, shop) -> None:
    body = (
        await client.get(
            "/search", params={"category": "phones", "max_price": 100_000, "facets": "brand,price"}
        )
    ).json()
    assert [hit["title"] for hit in body["hits"]] == ["Samsung Galaxy S24"]
    assert {f["value"]: f["count"] for f in body["facets"]["brand"]} == {"samsung": 1}
    by_attribute = (await client.get("/search", params={"attr.colour": "black"})).json()
    assert [hit["title"] for hit in by_attribute["hits"]] == ["iPhone 15 Pro"]


async def test_sorting_by_price(client, shop) -> None:
    body = (await client.get("/search", params={"sort": "price_desc"})).json()
    assert [hit["price"] for hit in body["hits"]] == [119_900, 89_900, 1_490]


async def test_autocomplete_suggests_products_brands_and_popular_searches(client, shop) -> None:
    await client.get("/search", params={"q": "samsung galaxy"})
    body = (await client.get("/search/autocomplete", params={"q": "sams"})).json()
    kinds = {(s["kind"], s["text"]) for s in body["suggestions"]}
    assert ("product", "Samsung Galaxy S24") in kinds
    assert ("brand", "Samsung") in kinds


async def test_an_archived_product_disappears_from_search(client, shop) -> None:
    response = await client.post(f"/admin/products/{shop['ids'][0]}/archive", headers=shop["admin"])
    assert response.status_code == 200

    async def gone() -> bool:
        return (await client.get("/search", params={"q": "iphone"})).json()["total"] == 0

    await eventually(gone)


async def test_synonyms_set_by_staff_apply_to_the_next_search(client, shop, staff_headers) -> None:
    assert (await client.get("/search", params={"q": "mobile"})).json()["total"] == 0
    response = await client.put(
        "/admin/search/settings",
        headers=staff_headers("search:write"),
        json={"synonyms": [["mobile", "phone", "iphone"]]},
    )
    assert response.status_code == 200, response.text
    titles = [h["title"] for h in (await client.get("/search", params={"q": "mobile"})).json()["hits"]]
    assert "iPhone 15 Pro" in titles


async def test_clicks_and_zero_result_queries_reach_the_staff_report(client, shop, staff_headers) -> None:
    reports = staff_headers("reports:read")
    before = (await client.get("/admin/reports/search", headers=reports)).json()
    found = (await client.get("/search", params={"q": "galaxy"})).json()
    await client.get("/search", params={"q": "galaxy"})
    await client.get("/search", params={"q": "toaster"})
    click = await client.post(
        "/search/clicks",
        json={"query_id": found["query_id"], "document_id": found["hits"][0]["id"], "position": 0},
    )
    assert click.status_code == 204
    report = (await client.get("/admin/reports/search", headers=reports)).json()
    assert report["top_queries"][0] == {"query": "galaxy", "searches": 2, "clicks": 1, "previous": 0}
    assert [q["query"] for q in report["zero_result_queries"]] == ["toaster"]
    assert (report["searches"] - before["searches"], report["clicks"]) == (3, 1)
    assert report["click_through_rate"] == pytest.approx(1 / report["searches"], abs=1e-3)
    assert {q["query"] for q in report["trending_queries"]} == {"galaxy", "toaster"}


async def test_a_click_on_an_unknown_search_is_404(client) -> None:
    response = await client.post(
        "/search/clicks", json={"query_id": "00000000-0000-0000-0000-000000000000", "document_id": "x"}
    )
    assert response.status_code == 404


async def test_a_customers_recent_views_boost_their_results(client, shop, customer_headers) -> None:
    coffee_id = shop["ids"][2]
    response = await client.post("/search/views", json={"document_id": coffee_id}, headers=customer_headers)
    assert response.status_code == 204
    anonymous = (await client.get("/search", params={"sort": "relevance"})).json()
    mine = (await client.get("/search", params={"sort": "relevance"}, headers=customer_headers)).json()
    assert mine["hits"][0]["id"] == coffee_id
    assert anonymous["total"] == mine["total"]


async def test_published_cms_pages_are_found_with_type_content(client, staff_headers) -> None:
    admin = staff_headers("cms:write", "cms:read")
    page = (
        await client.post(
            "/admin/cms/pages",
            headers=admin,
            json={"title": "Shipping and returns", "body": "We ship **worldwide** within three days."},
        )
    ).json()
    assert (await client.post(f"/admin/cms/pages/{page['id']}/publish", headers=admin)).status_code == 200

    async def found() -> bool:
        body = (await client.get("/search", params={"q": "worldwide", "type": "content"})).json()
        return [h["slug"] for h in body["hits"]] == [page["slug"]]

    await eventually(found)
    assert (await client.get("/search", params={"q": "worldwide"})).json()["total"] == 0


async def test_content_scheduled_for_later_is_not_found_yet(client, staff_headers) -> None:
    admin = staff_headers("cms:write", "cms:read")
    page = (
        await client.post(
            "/admin/cms/pages", headers=admin, json={"title": "Winter sale", "body": "Everything half price."}
        )
    ).json()
    response = await client.post(
        f"/admin/cms/pages/{page['id']}/publish", headers=admin, json={"publish_at": "2999-01-01T00:00:00Z"}
    )
    assert response.status_code == 200, response.text
    other = (
        await client.post(
            "/admin/cms/pages",
            headers=admin,
            json={"title": "Half price guide", "body": "How half price works."},
        )
    ).json()
    await client.post(f"/admin/cms/pages/{other['id']}/publish", headers=admin)

    async def live_one_found() -> bool:
        body = (await client.get("/search", params={"q": "half price", "type": "content"})).json()
        return body["total"] >= 1

    await eventually(live_one_found)
    body = (await client.get("/search", params={"q": "half price", "type": "content"})).json()
    assert [h["title"] for h in body["hits"]] == ["Half price guide"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "x" * 10_000}, 422),
        ({"colour": "red"}, 422),
        ({"facets": "colour"}, 422),
        ({"limit": "1000"}, 400),
        ({"min_price": "cheap"}, 400),
        ({"min_price": "500", "max_price": "100"}, 422),
        ({"sort": "random"}, 400),
        ({"type": "people"}, 400),
    ],
)
async def test_bad_search_input_is_a_4xx_problem(client, params, status) -> None:
    response = await client.get("/search", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_an_empty_query_browses_everything(client, shop) -> None:
    assert (await client.get("/search", params={"q": ""})).json()["total"] == 3


async def test_search_settings_and_reports_need_staff_permissions(
    client, customer_headers, staff_headers
) -> None:
    assert (await client.get("/admin/search/settings")).status_code == 401
    assert (await client.get("/admin/search/settings", headers=customer_headers)).status_code == 403
    assert (
        await client.get("/admin/reports/search", headers=staff_headers("search:read"))
    ).status_code == 403
    bad = await client.put(
        "/admin/search/settings", headers=staff_headers("search:write"), json={"synonyms": [["lonely"]]}
    )
    assert bad.status_code == 422
    settings = await client.get("/admin/search/settings", headers=staff_headers("search:read"))
    assert settings.json()["synonyms"] == []


async def test_staff_reindex_rebuilds_and_reports_the_count(client, shop, staff_headers) -> None:
    assert (await client.post("/admin/search/reindex", headers=shop["admin"])).status_code == 403
    response = await client.post("/admin/search/reindex", headers=staff_headers("search:write"))
    assert response.status_code == 200, response.text
    assert response.json() == {"documents": 3}
    assert (await client.get("/search", params={"q": "galaxy"})).json()["total"] == 1


async def test_hits_carry_the_description_as_plain_text(client, staff_headers) -> None:
    admin = staff_headers(*CATALOG)
    response = await client.post(
        "/admin/products",
        headers=admin,
        json={
            "name": "Linen shirt",
            "description": "<p>Cool &amp; <strong>breathable</strong></p>",
            "publish": True,
            "variants": [{"sku": "LIN-1", "price": {"amount": 4900, "currency": "EUR"}}],
        },
    )
    assert response.status_code == 201, response.text

    async def found() -> list[dict]:
        return (await client.get("/search", params={"q": "breathable"})).json()["hits"]

    hits = await eventually(found)
    assert hits[0]["description"] == "Cool & breathable"
