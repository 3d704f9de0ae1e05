"""Staff product and variant routes over HTTP: rules, bad input, permissions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, brand, fingerprint, outbox_types, product, variant
from tests.support.eventually import eventually
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


async def test_staff_creates_a_draft_with_a_slug_made_from_its_name(client, staff) -> None:
    created = await product(client, staff, "Café Crème — Édition d'Été", variant("CAFE-1"))

    assert created["status"] == "draft"
    assert created["slug"] == "cafe-creme-edition-d-ete"
    assert created["published_at"] is None
    fetched = await client.get(f"/admin/products/{created['id']}", headers=staff)
    assert fetched.status_code == 200
    assert fetched.json() == created


async def test_a_second_product_of_the_same_name_gets_a_numbered_slug(client, staff) -> None:
    await product(client, staff, "Moka Pot")
    second = await product(client, staff, "Moka Pot")

    assert second["slug"] == "moka-pot-2"


async def test_created_product_is_announced_with_its_snapshot(client, staff, settings) -> None:
    created = await product(client, staff, "Kettle", variant("KET-1"), publish=True)

    assert await outbox_types(settings.database_url, created["id"]) == [
        "catalog.ProductCreated",
        "catalog.ProductPublished",
    ]


async def test_slug_already_taken_is_a_conflict_that_changes_nothing(client, staff, settings) -> None:
    await product(client, staff, "Moka Pot")
    before = await fingerprint(settings.database_url)

    response = await client.post("/admin/products", json={"name": "Other", "slug": "moka-pot"}, headers=staff)

    assert_problem(response, 409, "slug")
    assert await fingerprint(settings.database_url) == before


async def test_sku_used_by_another_product_is_a_conflict_that_changes_nothing(
    client, staff, settings
) -> None:
    await product(client, staff, "Mug", variant("MUG-1"))
    before = await fingerprint(settings.database_url)

    taken = await client.post(
        "/admin/products", json={"name": "Cup", "variants": [variant("mug-1")]}, headers=staff
    )
    twice = await client.post(
        "/admin/products",
        json={"name": "Cup", "variants": [variant("CUP-1", size="S"), variant("CUP-1", size="M")]},
        headers=staff,
    )

    assert_problem(taken, 409, "variants[0].sku")
    assert_problem(twice, 409, "variants[1].sku")
    assert await fingerprint(settings.database_url) == before


@pytest.mark.parametrize(
    ("price", "status", "field"),
    [
        # a negative amount or a code not three letters long is refused on decoding (the schema says so)
        ({"amount": -1, "currency": "EUR"}, 400, "variants[0].price.amount"),
        ({"amount": 100, "currency": "EURO"}, 400, "variants[0].price.currency"),
        ({"amount": 100, "currency": "XYZ"}, 422, "variants[0].price.currency"),
        ({"amount": 100, "currency": ""}, 400, "variants[0].price.currency"),
        # a base price is in the shop's default currency (EUR here); other currencies come from pricing
        ({"amount": 100, "currency": "USD"}, 422, "variants[0].price.currency"),
    ],
)
async def test_bad_price_is_invalid_naming_the_field(client, staff, settings, price, status, field) -> None:
    before = await fingerprint(settings.database_url)
    body = {"name": "Mug", "variants": [{"sku": "MUG-1", "price": price}]}

    assert_problem(await client.post("/admin/products", json=body, headers=staff), status, field)
    assert await fingerprint(settings.database_url) == before


async def test_a_variant_added_or_changed_in_another_currency_is_refused(client, staff) -> None:
    made = await product(client, staff, "Mug", variant("MUG-EUR", 100))
    path = f"/admin/products/{made['id']}/variants"
    usd = {"amount": 100, "currency": "USD"}

    added = await client.post(path, json={"sku": "MUG-USD", "price": usd}, headers=staff)
    changed = await client.patch(f"{path}/{made['variants'][0]['id']}", json={"price": usd}, headers=staff)

    assert_problem(added, 422, "price.currency")
    assert_problem(changed, 422, "price.currency")
    again = (await client.get(f"/admin/products/{made['id']}", headers=staff)).json()
    assert [v["price"]["currency"] for v in again["variants"]] == ["EUR"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "Mug", "slug": "Not A Slug"}, "slug"),
        ({"name": "Mug", "images": ["ftp://example.com/a.png"]}, "images[0]"),
        ({"name": "Mug", "category_id": "00000000-0000-4000-8000-000000000000"}, "category_id"),
        ({"name": "Mug", "brand_id": "00000000-0000-4000-8000-000000000000"}, "brand_id"),
        (
            {"name": "Mug", "variants": [variant("A", size="S"), variant("B", colour="red")]},
            "variants[1].options",
        ),
        (
            {"name": "Mug", "variants": [variant("A"), variant("B", currency="USD")]},
            "variants[1].price.currency",
        ),
    ],
)
async def test_invalid_product_fields_are_refused_by_name(client, staff, settings, body, field) -> None:
    before = await fingerprint(settings.database_url)

    assert_problem(await client.post("/admin/products", json=body, headers=staff), 422, field)
    assert await fingerprint(settings.database_url) == before


async def test_malformed_json_is_a_bad_request(client, staff, settings) -> None:
    before = await fingerprint(settings.database_url)
    headers = {**staff, "Content-Type": "application/json"}

    assert_problem(await client.post("/admin/products", content=b'{"name": "Mug",', headers=headers), 400)
    assert await fingerprint(settings.database_url) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 42}, "name"),
        (
            {"name": "Mug", "variants": [{"sku": "A", "price": {"amount": "ten", "currency": "EUR"}}]},
            "variants[0].price.amount",
        ),
        ({"name": "Mug", "brand_id": "not-a-uuid"}, "brand_id"),
        ({"nmae": "Mug"}, "nmae"),
        (
            {"name": "Mug", "variants": [{"sku": "bad sku!", "price": {"amount": 1, "currency": "EUR"}}]},
            "variants[0].sku",
        ),
    ],
)
async def test_wrong_types_bad_shapes_and_unknown_fields_are_bad_requests_naming_the_field(
    client, staff, body, field
) -> None:
    response = await client.post("/admin/products", json=body, headers=staff)

    assert_problem(response, 400, field)


async def test_update_changes_only_the_fields_given_and_null_clears_the_brand(client, staff) -> None:
    apple = await brand(client, staff, "Apple")
    created = await product(
        client, staff, "iPhone", variant("IP-1"), brand_id=apple["id"], description="<p>Old</p>"
    )

    response = await client.patch(
        f"/admin/products/{created['id']}", json={"name": "iPhone 15", "brand_id": None}, headers=staff
    )

    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "iPhone 15"
    assert updated["brand"] is None
    assert updated["description"] == "<p>Old</p>"
    assert updated["slug"] == "iphone"


async def test_description_html_is_sanitised(client, staff) -> None:
    created = await product(
        client, staff, "Mug", description='<p onclick="x()">Nice<script>alert(1)</script></p>'
    )

    assert created["description"] == "<p>Nice</p>"


async def test_update_of_an_unknown_product_is_not_found(client, staff) -> None:
    response = await client.patch(
        "/admin/products/00000000-0000-4000-8000-000000000000", json={"name": "X"}, headers=staff
    )
    assert_problem(response, 404)
    assert_problem(await client.get("/admin/products/not-an-id", headers=staff), 404)


async def test_a_product_needs_a_variant_to_be_published(client, staff, settings) -> None:
    created = await product(client, staff, "Empty")
    before = await fingerprint(settings.database_url)

    assert_problem(
        await client.post(f"/admin/products/{created['id']}/publish", headers=staff), 409, "variants"
    )
    assert await fingerprint(settings.database_url) == before


async def test_illegal_status_changes_are_conflicts(client, staff) -> None:
    created = await product(client, staff, "Mug", variant("MUG-1"))
    path = f"/admin/products/{created['id']}"

    assert_problem(await client.post(f"{path}/archive", headers=staff), 409, "status")
    assert (await client.post(f"{path}/publish", headers=staff)).json()["status"] == "published"
    assert_problem(await client.post(f"{path}/publish", headers=staff), 409, "status")
    assert (await client.post(f"{path}/archive", headers=staff)).json()["status"] == "archived"
    assert (await client.post(f"{path}/publish", headers=staff)).json()["status"] == "published"


async def test_deleting_a_draft_removes_it_and_a_published_product_is_archived(client, staff) -> None:
    draft = await product(client, staff, "Draft")
    sold = await product(client, staff, "Sold", variant("SOLD-1"), publish=True)

    gone = await client.delete(f"/admin/products/{draft['id']}", headers=staff)
    kept = await client.delete(f"/admin/products/{sold['id']}", headers=staff)

    assert gone.json() == {"product_id": draft["id"], "outcome": "deleted"}
    assert kept.json() == {"product_id": sold["id"], "outcome": "archived"}
    assert_problem(await client.get(f"/admin/products/{draft['id']}", headers=staff), 404)
    assert (await client.get(f"/admin/products/{sold['id']}", headers=staff)).json()["status"] == "archived"


async def test_staff_listing_shows_every_status_and_filters_by_one(client, staff) -> None:
    await product(client, staff, "Draft")
    await product(client, staff, "Live", variant("LIVE-1"), publish=True)

    everything = await client.get("/admin/products", headers=staff)
    drafts = await client.get("/admin/products", params={"status": "draft"}, headers=staff)

    assert {(p["name"], p["status"]) for p in everything.json()["items"]} == {
        ("Draft", "draft"),
        ("Live", "published"),
    }
    assert [p["name"] for p in drafts.json()["items"]] == ["Draft"]
    assert_problem(
        await client.get("/admin/products", params={"status": "sold"}, headers=staff), 400, "status"
    )


async def test_variants_are_added_changed_and_removed(client, staff, settings) -> None:
    created = await product(client, staff, "T-Shirt", variant("TS-S", 1999, size="S"), publish=True)
    path = f"/admin/products/{created['id']}/variants"

    added = await client.post(path, json=variant("ts-m", 2199, size="M"), headers=staff)
    assert added.status_code == 201, added.text
    medium = added.json()
    assert medium["sku"] == "TS-M"
    assert medium["options"] == {"size": "M"}

    changed = await client.patch(
        f"{path}/{medium['id']}", json={"price": {"amount": 1499, "currency": "EUR"}}, headers=staff
    )
    assert changed.status_code == 200
    assert changed.json()["price"]["amount"] == 1499

    async def listed_at_the_new_price() -> bool:  # as pricing, which the cart charges by, copies it
        return (await client.get("/products")).json()["items"][0]["price"]["amount"] == 1499

    await eventually(listed_at_the_new_price)

    small = created["variants"][0]
    removed = await client.delete(f"{path}/{small['id']}", headers=staff)
    assert removed.status_code == 204
    detail = (await client.get(f"/products/{created['slug']}")).json()
    assert [v["sku"] for v in detail["variants"]] == ["TS-M"]
    assert "catalog.ProductPriceChanged" in await outbox_types(settings.database_url, created["id"])
    assert "catalog.VariantRemoved" in await outbox_types(settings.database_url, created["id"])


async def test_staff_sets_the_stock_flag_that_shoppers_see(client, staff) -> None:
    created = await product(client, staff, "Mug", variant("MUG-1"), publish=True)
    mug = created["variants"][0]

    response = await client.patch(
        f"/admin/products/{created['id']}/variants/{mug['id']}", json={"available": False}, headers=staff
    )

    assert response.json()["available"] is False
    assert (await client.get("/products")).json()["items"][0]["in_stock"] is False


async def test_variant_that_does_not_fit_its_product_is_refused(client, staff, settings) -> None:
    created = await product(client, staff, "T-Shirt", variant("TS-S", size="S"))
    other = await product(client, staff, "Cap", variant("CAP-1"))
    path = f"/admin/products/{created['id']}/variants"
    before = await fingerprint(settings.database_url)

    assert_problem(await client.post(path, json=variant("TS-X", colour="red"), headers=staff), 422, "options")
    assert_problem(await client.post(path, json=variant("TS-S2", size="S"), headers=staff), 422, "options")
    assert_problem(
        await client.post(path, json=variant("TS-M", currency="GBP", size="M"), headers=staff),
        422,
        "price.currency",
    )
    assert_problem(await client.post(path, json=variant("CAP-1", size="M"), headers=staff), 409, "sku")
    assert_problem(
        await client.post(path, json=variant("TS-M", amount=-5, size="M"), headers=staff), 400, "price.amount"
    )
    unknown = f"{path}/00000000-0000-4000-8000-000000000000"
    assert_problem(await client.patch(unknown, json={"available": False}, headers=staff), 404)
    assert other["variants"][0]["sku"] == "CAP-1"
    assert await fingerprint(settings.database_url) == before


async def test_the_last_variant_of_a_published_product_stays(client, staff) -> None:
    created = await product(client, staff, "Mug", variant("MUG-1"), publish=True)
    only = created["variants"][0]

    response = await client.delete(f"/admin/products/{created['id']}/variants/{only['id']}", headers=staff)

    assert_problem(response, 409, "variant_id")


async def test_admin_routes_need_a_valid_bearer_token(client, staff, settings) -> None:
    before = await fingerprint(settings.database_url)
    tampered = {"Authorization": staff["Authorization"][:-4] + "AAAA"}

    assert_problem(await client.get("/admin/products"), 401)
    assert_problem(await client.post("/admin/products", json={"name": "X"}), 401)
    assert_problem(await client.post("/admin/products", json={"name": "X"}, headers=tampered), 401)
    assert_problem(await client.get("/admin/products", headers={"Authorization": "Basic abc"}), 401)
    assert await fingerprint(settings.database_url) == before


async def test_customers_and_staff_without_the_permission_are_forbidden(
    client, customer_headers, staff_headers, settings
) -> None:
    before = await fingerprint(settings.database_url)
    reader = staff_headers("catalog:read")

    assert_problem(await client.get("/admin/products", headers=customer_headers), 403)
    assert_problem(await client.post("/admin/products", json={"name": "X"}, headers=customer_headers), 403)
    assert_problem(await client.post("/admin/products", json={"name": "X"}, headers=reader), 403)
    assert_problem(await client.get("/admin/products", headers=staff_headers("orders:read")), 403)
    assert (await client.get("/admin/products", headers=reader)).status_code == 200
    assert await fingerprint(settings.database_url) == before


async def test_every_catalogue_route_is_documented(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    catalogue = {
        path: operations
        for path, operations in schema["paths"].items()
        if path.startswith(
            ("/products", "/categories", "/brands", "/admin/products", "/admin/categories", "/admin/brands")
        )
        # other domains (pricing, reviews) hang their own routes under /products and /admin/products
        and any(tag.startswith("catalogue") for operation in operations.values() for tag in operation["tags"])
    }

    assert len(catalogue) == 14
    for path, operations in catalogue.items():
        for method, operation in operations.items():
            assert operation["operationId"], (method, path)
            assert operation["summary"], (method, path)
            assert operation["tags"], (method, path)
            if path.startswith("/admin"):
                assert {"401", "403"} <= set(operation["responses"]), (method, path)
