"""`mercato demo` stocks every demo SKU, so the storefront shows every demo product in stock."""

from __future__ import annotations

from litestar.testing import AsyncTestClient

from app import create_app
from tests.e2e.test_cli import mercato
from tests.support.eventually import eventually


async def test_every_demo_product_and_variant_is_shown_in_stock(database_url, tmp_path, settings) -> None:
    demo = mercato(database_url, tmp_path, "demo", "--products", "12")
    assert demo.returncode == 0, demo.stderr

    async with AsyncTestClient(app=create_app(settings)) as client:

        async def all_on_sale() -> bool:
            cards = (await client.get("/products", params={"limit": 100})).json()["items"]
            details = [(await client.get(f"/products/{card['slug']}")).json() for card in cards]
            variants = [v["available"] for detail in details for v in detail["variants"]]
            return len(cards) == 12 and all(card["in_stock"] for card in cards) and all(variants)

        await eventually(all_on_sale, within=60)
