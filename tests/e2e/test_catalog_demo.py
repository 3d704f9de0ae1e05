"""The demo catalogue, loaded over the bus into a fresh database."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

import domains.catalog
from app import Services, close_services, open_services
from config.settings import Settings
from core.security import TokenCodec
from demo.catalog import NAMESPACE, load_demo
from domains.catalog.messages import CountProducts, GetCategoryTree, GetProduct, ListBrands, ListProducts


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    opened = await open_services(settings, [domains.catalog.domain], TokenCodec(settings.secret_key or ""))
    try:
        yield opened
    finally:
        await close_services(opened)


async def test_demo_creates_published_products_across_a_category_tree_and_brands(services: Services) -> None:
    assert services.bus is not None
    seen: list[tuple[int, int]] = []

    created = await load_demo(
        services.bus, products=60, progress=lambda done, total: seen.append((done, total))
    )

    assert created == 60
    assert seen[-1] == (60, 60)
    assert await services.bus.ask(CountProducts(status="published")) == 60
    tree = await services.bus.ask(GetCategoryTree())
    assert len(tree) >= 5
    assert any(node.children for node in tree)
    assert len((await services.bus.ask(ListBrands(limit=100))).items) >= 20
    names = [p.name for p in (await services.bus.ask(ListProducts(limit=100))).items]
    assert any(name.startswith("iPhone") for name in names)
    assert any(name.startswith("Samsung Galaxy") for name in names)
    assert any(name.startswith("Café") for name in names)


async def test_demo_run_twice_creates_nothing_the_second_time(services: Services, settings: Settings) -> None:
    assert services.bus is not None
    await load_demo(services.bus, products=30)

    assert await load_demo(services.bus, products=30) == 0

    conn = await asyncpg.connect(settings.database_url)
    try:
        assert await conn.fetchval("SELECT count(*) FROM catalog_product") == 30
        assert await conn.fetchval("SELECT count(*) FROM catalog_brand") == 26
    finally:
        await conn.close()


async def test_demo_is_the_same_catalogue_every_time(services: Services) -> None:
    assert services.bus is not None
    await load_demo(services.bus, products=40)

    first = await services.bus.ask(GetProduct(id_or_slug=str(uuid.uuid5(NAMESPACE, "product:0"))))

    assert (first.name, first.slug, first.brand and first.brand.name) == (
        "iPhone 10 Mini",
        "iphone-10-mini",
        "Apple",
    )
    assert next(v.sku for v in first.variants) == "DEMO-00001-1"
    assert first.category is not None
    assert first.category.path == "electronics/smartphones"


@pytest.mark.slow
async def test_demo_of_a_thousand_products_loads_in_under_twenty_seconds(services: Services) -> None:
    assert services.bus is not None
    started = time.perf_counter()

    assert await load_demo(services.bus, products=1000) == 1000

    assert time.perf_counter() - started < 20
    assert await services.bus.ask(CountProducts(status="published")) == 1000
