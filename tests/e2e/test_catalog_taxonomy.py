"""Staff category and brand routes over HTTP: the tree, moves, slugs, deletes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, brand, category, fingerprint, outbox_types, product, variant
from tests.support.problems import assert_problem

UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


async def test_categories_nest_and_carry_their_slug_path(client, staff) -> None:
    home = await category(client, staff, "Home & Kitchen")
    coffee = await category(client, staff, "Coffee & Tea", parent_id=home["id"], position=2)

    assert home["slug"] == "home-and-kitchen"
    assert home["depth"] == 0
    assert coffee["path"] == "home-and-kitchen/coffee-and-tea"
    assert coffee["depth"] == 1
    assert coffee["parent_id"] == home["id"]
    listed = (await client.get("/admin/categories", headers=staff)).json()["items"]
    assert [c["path"] for c in listed] == ["home-and-kitchen", "home-and-kitchen/coffee-and-tea"]
    fetched = await client.get(f"/admin/categories/{coffee['id']}", headers=staff)
    assert fetched.json() == coffee


async def test_moving_a_category_moves_its_subtree_and_announces_each(client, staff, settings) -> None:
    electronics = await category(client, staff, "Electronics")
    audio = await category(client, staff, "Audio")
    headphones = await category(client, staff, "Headphones", parent_id=audio["id"])

    moved = await client.patch(
        f"/admin/categories/{audio['id']}", json={"parent_id": electronics["id"]}, headers=staff
    )

    assert moved.status_code == 200, moved.text
    assert moved.json()["path"] == "electronics/audio"
    child = (await client.get(f"/admin/categories/{headphones['id']}", headers=staff)).json()
    assert child["path"] == "electronics/audio/headphones"
    assert child["depth"] == 2
    assert (await outbox_types(settings.database_url, headphones["id"]))[-1] == "catalog.CategoryChanged"
    tree = (await client.get("/categories")).json()["items"]
    assert [n["slug"] for n in tree] == ["electronics"]


async def test_renaming_a_slug_repaths_the_products_listing_filter(client, staff) -> None:
    phones = await category(client, staff, "Phones")
    await product(client, staff, "iPhone", variant("IP-1"), category_id=phones["id"], publish=True)

    await client.patch(f"/admin/categories/{phones['id']}", json={"slug": "mobiles"}, headers=staff)

    assert [
        p["name"] for p in (await client.get("/products", params={"category": "mobiles"})).json()["items"]
    ] == ["iPhone"]
    assert (await client.get("/products", params={"category": "phones"})).json()["items"] == []


async def test_a_category_cannot_move_below_itself(client, staff, settings) -> None:
    audio = await category(client, staff, "Audio")
    headphones = await category(client, staff, "Headphones", parent_id=audio["id"])
    before = await fingerprint(settings.database_url)

    below = await client.patch(
        f"/admin/categories/{audio['id']}", json={"parent_id": headphones["id"]}, headers=staff
    )
    itself = await client.patch(
        f"/admin/categories/{audio['id']}", json={"parent_id": audio["id"]}, headers=staff
    )

    assert_problem(below, 422, "parent_id")
    assert_problem(itself, 422, "parent_id")
    assert await fingerprint(settings.database_url) == before


async def test_unknown_parent_and_taken_slug_are_refused(client, staff, settings) -> None:
    await category(client, staff, "Audio")
    before = await fingerprint(settings.database_url)

    unknown = await client.post("/admin/categories", json={"name": "X", "parent_id": UNKNOWN}, headers=staff)
    taken = await client.post("/admin/categories", json={"name": "Sound", "slug": "audio"}, headers=staff)

    assert_problem(unknown, 422, "parent_id")
    assert_problem(taken, 409, "slug")
    assert await fingerprint(settings.database_url) == before


async def test_only_an_empty_leaf_category_can_be_deleted(client, staff, settings) -> None:
    audio = await category(client, staff, "Audio")
    headphones = await category(client, staff, "Headphones", parent_id=audio["id"])
    speakers = await category(client, staff, "Speakers", parent_id=audio["id"])
    await product(client, staff, "Speaker", category_id=speakers["id"])
    before = await fingerprint(settings.database_url)

    assert_problem(await client.delete(f"/admin/categories/{audio['id']}", headers=staff), 409)
    assert_problem(await client.delete(f"/admin/categories/{speakers['id']}", headers=staff), 409)
    assert await fingerprint(settings.database_url) == before
    assert (await client.delete(f"/admin/categories/{headphones['id']}", headers=staff)).status_code == 204
    assert_problem(await client.get(f"/admin/categories/{headphones['id']}", headers=staff), 404)
    assert_problem(await client.delete(f"/admin/categories/{UNKNOWN}", headers=staff), 404)


async def test_brands_are_created_changed_and_deleted_when_unused(client, staff, settings) -> None:
    sony = await brand(client, staff, "Sony", logo_url="https://img.example/sony.png")
    used = await brand(client, staff, "Bose")
    await product(client, staff, "QuietComfort", brand_id=used["id"])

    changed = await client.patch(
        f"/admin/brands/{sony['id']}", json={"name": "Sony Group", "logo_url": None}, headers=staff
    )
    assert changed.json() == {**sony, "name": "Sony Group", "logo_url": None}
    assert_problem(await client.delete(f"/admin/brands/{used['id']}", headers=staff), 409)
    assert (await client.delete(f"/admin/brands/{sony['id']}", headers=staff)).status_code == 204
    assert_problem(await client.get(f"/admin/brands/{sony['id']}", headers=staff), 404)
    assert await outbox_types(settings.database_url, sony["id"]) == [
        "catalog.BrandChanged",
        "catalog.BrandChanged",
        "catalog.BrandRemoved",
    ]


async def test_bad_brand_input_is_refused_naming_the_field(client, staff, settings) -> None:
    await brand(client, staff, "Sony")
    before = await fingerprint(settings.database_url)

    assert_problem(await client.post("/admin/brands", json={"name": ""}, headers=staff), 400, "name")
    assert_problem(await client.post("/admin/brands", json={"name": "  "}, headers=staff), 422, "name")
    assert_problem(
        await client.post("/admin/brands", json={"name": "S", "logo_url": "logo"}, headers=staff),
        422,
        "logo_url",
    )
    assert_problem(
        await client.post("/admin/brands", json={"name": "S", "slug": "sony"}, headers=staff), 409, "slug"
    )
    assert_problem(await client.post("/admin/brands", json={"name": ["S"]}, headers=staff), 400, "name")
    assert_problem(await client.patch(f"/admin/brands/{UNKNOWN}", json={"name": "X"}, headers=staff), 404)
    assert await fingerprint(settings.database_url) == before


async def test_taxonomy_writes_need_the_write_permission(client, staff_headers, customer_headers) -> None:
    reader = staff_headers("catalog:read")

    assert_problem(await client.post("/admin/categories", json={"name": "X"}, headers=reader), 403)
    assert_problem(await client.post("/admin/brands", json={"name": "X"}, headers=customer_headers), 403)
    assert_problem(await client.get("/admin/brands"), 401)
    assert (await client.get("/admin/brands", headers=reader)).status_code == 200
