"""The search index lives on catalogue events alone and converges on the catalogue's state."""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta

import msgspec

import domains
from adapters.db.uow import PgUnitOfWorkFactory
from adapters.search.postgres import PostgresSearchIndex
from app import Services, close_services, open_services
from core.security import TokenCodec
from domains.catalog.messages import (
    ArchiveProduct,
    CreateProduct,
    ImportProducts,
    Money,
    NewVariant,
    ProductDetails,
    ProductUpdated,
    UpdateProduct,
    UpdateVariant,
)
from domains.search.handlers.indexing import when_product_changed_index
from domains.search.messages import RebuildIndex
from domains.search.model import SearchRequest
from domains.search.ports import SearchDeps
from domains.search.repository import PiccoloSearchStore
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


def renamed(product_id: uuid.UUID, version: int) -> ProductUpdated:
    """The catalogue's snapshot of a product after its ``version``-th rename."""
    at = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(seconds=version)
    snapshot = {
        "id": str(product_id),
        "slug": "walnut-desk",
        "name": f"Walnut desk v{version}",
        "description": "",
        "status": "published",
        "brand": None,
        "category": None,
        "breadcrumbs": [],
        "images": [],
        "attributes": {},
        "variants": [],
        "price_min": {"amount": 10_000 + version, "currency": "EUR"},
        "price_max": None,
        "in_stock": True,
        "created_at": at.isoformat(),
        "updated_at": at.isoformat(),
        "published_at": at.isoformat(),
        "archived_at": None,
    }
    return ProductUpdated(product_id=product_id, product=msgspec.convert(snapshot, ProductDetails))


async def test_versions_of_one_product_applied_at_once_by_several_subscribers_keep_the_latest(
    settings,
) -> None:
    """As when search runs in several processes: no actor orders them, PostgreSQL does."""
    services = await start(settings)
    try:
        assert services.engine is not None and services.bus is not None
        deps = SearchDeps(
            index=services.ports["search.index"],
            store=PiccoloSearchStore(),
            uow=PgUnitOfWorkFactory(services.engine),
            bus=services.bus,
        )
        desk = uuid.uuid4()
        events = [renamed(desk, version) for version in range(1, 21)]
        random.Random(7).shuffle(events)
        await asyncio.gather(*(when_product_changed_index(event, deps) for event in events))
        assert await indexed(services) == {str(desk): ("Walnut desk v20", 10_020)}
    finally:
        await close_services(services)
