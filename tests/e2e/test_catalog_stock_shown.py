"""What shoppers are told of stock: a variant is on sale only once inventory has units of its SKU.

The catalogue keeps its own copy of availability from inventory's events, so a SKU
that never had stock (no event yet) must read unavailable, like one sold out.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_catalog_support import STAFF, STOCK_KEEPER, product, stock, variant
from tests.support.eventually import eventually


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF, *STOCK_KEEPER)


async def shown(client: Any, slug: str, q: str) -> dict[str, Any]:
    """The product's ``in_stock`` on the listing and in search, and its variants' ``available``."""
    card = next(item for item in (await client.get("/products")).json()["items"] if item["slug"] == slug)
    detail = (await client.get(f"/products/{slug}")).json()
    hits = (await client.get("/search", params={"q": q, "facets": "in_stock"})).json()
    return {
        "listing": card["in_stock"],
        "detail": detail["in_stock"],
        "variants": {v["sku"]: v["available"] for v in detail["variants"]},
        "search": {f["value"]: f["count"] for f in hits["facets"]["in_stock"]},
    }


async def test_a_product_never_stocked_is_out_of_stock_until_inventory_receives_units(client, staff) -> None:
    made = await product(client, staff, "Nostock Lamp", variant("QA-NOSTOCK-1", 500), publish=True)

    async def indexed() -> bool:
        return (await client.get("/search", params={"q": "nostock"})).json()["total"] == 1

    await eventually(indexed)
    assert await shown(client, made["slug"], "nostock") == {
        "listing": False,
        "detail": False,
        "variants": {"QA-NOSTOCK-1": False},
        "search": {"false": 1},
    }

    await stock(client, staff, "QA-NOSTOCK-1")

    expected = {"listing": True, "detail": True, "variants": {"QA-NOSTOCK-1": True}, "search": {"true": 1}}

    async def on_sale() -> bool:
        return await shown(client, made["slug"], "nostock") == expected

    await eventually(on_sale)


async def test_a_second_variant_without_stock_is_unavailable_beside_a_stocked_one(client, staff) -> None:
    made = await product(
        client,
        staff,
        "Stock Mug",
        variant("QA-MUG-RED", colour="red"),
        variant("QA-MUG-BLUE", colour="blue"),
        publish=True,
    )

    await stock(client, staff, "QA-MUG-RED")

    detail = (await client.get(f"/products/{made['slug']}")).json()
    assert [(v["sku"], v["available"]) for v in detail["variants"]] == [
        ("QA-MUG-RED", True),
        ("QA-MUG-BLUE", False),
    ]
    assert detail["in_stock"] is True


async def test_staff_cannot_offer_a_variant_inventory_has_no_units_of(client, staff) -> None:
    made = await product(client, staff, "Offered Mug", variant("QA-OFFER-1"), publish=True)
    mug = made["variants"][0]

    response = await client.patch(
        f"/admin/products/{made['id']}/variants/{mug['id']}", json={"available": True}, headers=staff
    )

    assert response.status_code == 200, response.text
    assert response.json()["available"] is False
    assert (await client.get(f"/products/{made['slug']}")).json()["in_stock"] is False
