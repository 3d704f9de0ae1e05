"""``/products?q=`` matches names the way search does: typographic apostrophes are the ASCII one,
invisible format characters are nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, product, variant


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF)


async def names(client: Any, q: str) -> list[str]:
    response = await client.get("/products", params={"q": q})
    assert response.status_code == 200, response.text
    return sorted(item["name"] for item in response.json()["items"])


async def test_apostrophes_of_any_keyboard_find_the_same_products(client, staff) -> None:
    await product(client, staff, "L'Oréal Crème", variant("LO-1"), publish=True)
    await product(client, staff, "L\u2019Oréal Mascara", variant("LO-2"), publish=True)
    await product(client, staff, "Loreal Lookalike", variant("LO-3"), publish=True)

    expected = ["L'Oréal Crème", "L\u2019Oréal Mascara"]
    for q in ("l'oréal", "l\u2019oréal", "L\u02bcOREAL", "l\u2018oreal"):
        assert await names(client, q) == expected, q


async def test_format_characters_in_the_query_or_the_name_are_ignored(client, staff) -> None:
    await product(client, staff, "So\u00adfa Bed", variant("SOFA-1"), publish=True)

    for q in ("sofa", "so\u200bfa", "SO\u00adFA bed"):
        assert await names(client, q) == ["So\u00adfa Bed"], q
