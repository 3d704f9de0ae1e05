"""The search index lives on catalogue events alone and converges on the catalogue's state."""

from __future__ import annotations

import asyncio

import msgspec

import domains
from adapters.search.postgres import PostgresSearchIndex
from app import Services, close_services, open_services
from core.security import TokenCodec
from domains.catalog.messages import (
    ArchiveProduct,
    CreateProduct,
    ImportProducts,
    Money,
    NewVariant,
    UpdateProduct,
    UpdateVariant,
)
from domains.search.messages import RebuildIndex
from domains.search.model import SearchRequest
from tests.support.eventually import eventually

PRODUCTS = 50
CHANGES = 1000


async def start(settings) -> Services:
    hosted = domains.load(["catalog", "cms", "search"])
    return await open_services(settings, hosted, TokenCodec("k" * 40))


async def indexed(services: Services) -> dict[str, tuple[str, int | None]]:
    assert services.engine is not None
    index = PostgresSearchIndex(services.engine.pool)
    result = await index.search(SearchRequest(limit=100))
    return {hit.document.id: (hit.document.title, hit.document.price) for hit in result.hits}


async def wait_for(services: Services, expected: dict[str, tuple[str, int | None]]) -> None:
    async def matches() -> bool:
        return await indexed(services) == expected

    await eventually(matches, within=90, pause=0.1)


def catalogue(count: int) -> list[CreateProduct]:
    return [
        CreateProduct(
            name=f"Walnut desk {i}",
            variants=[NewVariant(sku=f"DESK-{i}", price=Money(amount=10_000 + i, currency="EUR"))],
            publish=True,
        )
        for i in range(count)
    ]


def burst(products: list[CreateProduct]) -> tuple[list[object], dict[str, tuple[str, int | None]]]:
    """1,000 changes spread over the products, and the state they leave behind."""
    final = {str(p.product_id): (p.name, p.variants[0].price.amount) for p in products}
    changes: list[object] = []
    for n in range(CHANGES):
        product = products[n % len(products)]
        key = str(product.product_id)
        name, price = final[key]
        if n % 2:
            name = f"Walnut desk {n}"
            changes.append(UpdateProduct(product_id=product.product_id, name=name))
        else:
            price = 20_000 + n
            changes.append(
                UpdateVariant(
                    product_id=product.product_id,
                    variant_id=product.variants[0].variant_id,
                    price=Money(amount=price, currency="EUR"),
                )
            )
        final[key] = (name, price)
    return changes, final


async def send_all(services: Services, changes: list[object]) -> None:
    assert services.bus is not None
    by_product: dict[object, list[object]] = {}
    for change in changes:
        by_product.setdefault(change.product_id, []).append(change)  # type: ignore[attr-defined]

    async def in_order(commands: list[object]) -> None:
        for command in commands:
            await services.bus.send(command)  # type: ignore[union-attr, arg-type]

    await asyncio.gather(*(in_order(c) for c in by_product.values()))


async def test_index_converges_after_a_burst_of_1000_changes_with_a_restart_in_the_middle(settings) -> None:
    settings = msgspec.structs.replace(settings, db_pool_size=8)
    products = catalogue(PRODUCTS)
    changes, final = burst(products)
    services = await start(settings)
    try:
        await services.bus.send(ImportProducts(products=products), timeout=60)  # type: ignore[union-attr]
        await send_all(services, changes[: CHANGES // 2])
    finally:
        await close_services(services)
    services = await start(settings)
    try:
        await send_all(services, changes[CHANGES // 2 :])
        await wait_for(services, final)
    finally:
        await close_services(services)


async def test_an_archived_product_leaves_the_index(settings) -> None:
    products = catalogue(2)
    services = await start(settings)
    try:
        await services.bus.send(ImportProducts(products=products))  # type: ignore[union-attr]
        expected = {str(p.product_id): (p.name, p.variants[0].price.amount) for p in products}
        await wait_for(services, expected)
        await services.bus.send(ArchiveProduct(product_id=products[0].product_id))  # type: ignore[union-attr]
        del expected[str(products[0].product_id)]
        await wait_for(services, expected)
    finally:
        await close_services(services)


async def test_reindex_rebuilds_from_catalogue_snapshots(settings) -> None:
    products = catalogue(3)
    services = await start(settings)
    try:
        assert services.bus is not None and services.engine is not None
        await services.bus.send(ImportProducts(products=products))
        expected = {str(p.product_id): (p.name, p.variants[0].price.amount) for p in products}
        await wait_for(services, expected)
        await services.engine.pool.execute("DELETE FROM search_documents")
        assert await indexed(services) == {}
        assert await services.bus.send(RebuildIndex()) == 3
        assert await indexed(services) == expected
    finally:
        await close_services(services)
