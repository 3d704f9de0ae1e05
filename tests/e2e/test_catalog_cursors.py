"""Forged cursors on every catalogue and CMS list: a 422 naming the cursor, never a 500.

A cursor is base64url JSON, so a client can make one of any shape: other lengths,
other types, or a position another list gave out.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, brand, product, variant
from tests.support.cursors import FORGED_POSITIONS as COMMON_FORGED
from tests.support.cursors import ID, cursor
from tests.support.problems import assert_problem

FORGED_POSITIONS: list[list[Any]] = [
    *COMMON_FORGED,
    ["Apple", 5],
    ["Apple", ID, "extra"],
    ["2026-01-01T00:00:00+00:00", 1e30],
    ["price_asc", 499, ID, 1],
    ["price_asc", 499, 5],
    ["price_asc", "499", ID],
    ["price_asc", 1e30, ID],
    ["price_asc", 10**30, ID],
    ["price_asc", True, ID],
    ["newest", 5, ID],
    ["newest", "2026-01-01T00:00:00", ID],
    ["newest", "9999-12-31T23:59:59-14:00", ID],
    ["name", 5, ID],
    ["name", "apple", [ID]],
]
LISTS = [
    "/brands",
    "/admin/brands",
    "/products",
    "/products?sort=price_asc",
    "/products?sort=newest",
    "/products?sort=name",
    "/admin/products",
    "/cms/posts",
    "/cms/banners",
    "/admin/cms/pages",
    "/admin/cms/posts",
    "/admin/cms/banners",
]


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF, "cms:read")


@pytest.mark.parametrize("url", LISTS)
async def test_a_forged_cursor_is_refused_naming_the_cursor(client, staff, url: str) -> None:
    await brand(client, staff, "Apple")
    await product(client, staff, "Mug", variant("MUG-1"), publish=True)
    joiner = "&" if "?" in url else "?"

    for position in FORGED_POSITIONS:
        response = await client.get(f"{url}{joiner}cursor={cursor(position)}", headers=staff)
        assert response.status_code == 422, (position, response.text)
        assert_problem(response, 422, "cursor")


async def test_a_cursor_of_another_list_is_refused_by_the_brands(client, staff) -> None:
    await product(client, staff, "Mug", variant("MUG-1"), publish=True)
    await product(client, staff, "Cup", variant("CUP-1"), publish=True)
    products_cursor = (await client.get("/products?sort=price_asc&limit=1")).json()["next_cursor"]

    assert_problem(await client.get(f"/brands?cursor={products_cursor}"), 422, "cursor")
    assert_problem(await client.get(f"/brands?cursor={cursor([5, ID])}"), 422, "cursor")


@pytest.mark.parametrize("url", ["/cms/posts", "/admin/cms/pages", "/admin/cms/posts", "/admin/cms/banners"])
async def test_a_time_past_what_the_database_holds_is_an_unknown_cursor(client, staff, url: str) -> None:
    past_the_year_9999 = cursor(["9999-12-31T23:59:59-14:00", ID])

    assert_problem(await client.get(f"{url}?cursor={past_the_year_9999}", headers=staff), 422, "cursor")
