"""GetVariantsBySku on PostgreSQL: what pricing and quotes learn about variants from their SKUs."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest

from core.errors import Invalid
from domains.catalog.messages import GetVariantsBySku, Money
from tests.e2e.test_catalog_support import STAFF, STOCK_KEEPER, brand, category, product, stock, variant


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF, *STOCK_KEEPER)


async def ask(client: Any, *skus: str) -> list[Any]:
    """The query on the app's own bus, which lives on the test client's portal thread, as pricing asks it."""
    query = GetVariantsBySku(skus=list(skus))
    result: list[Any] = await asyncio.to_thread(client.blocking_portal.call, client.app.state.bus.ask, query)
    return result


async def test_facts_carry_price_brand_weight_status_and_every_ancestor_category(client, staff) -> None:
    electronics = await category(client, staff, "Electronics")
    audio = await category(client, staff, "Audio", parent_id=electronics["id"])
    headphones = await category(client, staff, "Headphones", parent_id=audio["id"])
    sony = await brand(client, staff, "Sony")
    quiet = {**variant("WH-1000", 34999), "weight_grams": 250}
    made = await product(
        client,
        staff,
        "Quiet Headphones",
        quiet,
        brand_id=sony["id"],
        category_id=headphones["id"],
        publish=True,
    )
    await stock(client, staff, "WH-1000")

    [facts] = await ask(client, "WH-1000")

    assert facts.sku == "WH-1000"
    assert (facts.product_id, facts.variant_id) == (UUID(made["id"]), UUID(made["variants"][0]["id"]))
    assert facts.product_name == "Quiet Headphones"
    assert facts.price == Money(amount=34999, currency="EUR")
    assert facts.category_ids == [UUID(electronics["id"]), UUID(audio["id"]), UUID(headphones["id"])]
    assert facts.brand_id == UUID(sony["id"])
    assert (facts.weight_grams, facts.available, facts.status) == (250, True, "published")


async def test_skus_match_whatever_their_case_and_unknown_ones_are_left_out(client, staff) -> None:
    await product(client, staff, "Mug", variant("MUG-S", 900, size="S"), variant("MUG-L", 1200, size="L"))

    facts = await ask(client, "mug-l", " Mug-S ", "NO-SUCH-SKU", "MUG-L")

    assert [(f.sku, f.price.amount) for f in facts] == [("MUG-L", 1200), ("MUG-S", 900)]
    assert {f.status for f in facts} == {"draft"}
    assert all(f.category_ids == [] and f.brand_id is None for f in facts)


async def test_unavailable_and_archived_variants_are_still_described(client, staff) -> None:
    made = await product(client, staff, "Lamp", variant("LAMP-1", available=False), publish=True)
    await client.post(f"/admin/products/{made['id']}/archive", headers=staff)

    [facts] = await ask(client, "LAMP-1")

    assert (facts.available, facts.status) == (False, "archived")


async def test_more_than_500_skus_at_once_are_refused_naming_the_field(client) -> None:
    assert await ask(client) == []
    with pytest.raises(Invalid) as refused:
        await ask(client, *(f"SKU-{i}" for i in range(501)))

    assert [e.field for e in refused.value.errors] == ["skus"]
