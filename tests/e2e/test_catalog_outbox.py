"""A catalogue change and its events commit in one transaction, or neither does."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

import domains.catalog
from adapters.db.uow import PgUnitOfWorkFactory
from app import Services, close_services, open_services
from config.settings import Settings
from core.domain import Runtime
from core.errors import Conflict
from core.security import TokenCodec
from domains.catalog.handlers.products import publish_product
from domains.catalog.messages import CreateProduct, Money, NewVariant, PublishProduct


@pytest.fixture
async def services(settings: Settings) -> AsyncIterator[Services]:
    """The catalogue on the in-process bus, its relay stopped so outbox rows stay as written."""
    opened = await open_services(settings, [domains.catalog.domain], TokenCodec(settings.secret_key or ""))
    assert opened.relay is not None
    await opened.relay.stop()
    try:
        yield opened
    finally:
        await close_services(opened)


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Any]:
    conn = await asyncpg.connect(settings.database_url)
    try:
        yield conn
    finally:
        await conn.close()


def mug(**fields: Any) -> CreateProduct:
    price = Money(amount=1200, currency="EUR")
    return CreateProduct(name="Mug", variants=[NewVariant(sku="MUG-1", price=price)], **fields)


async def test_publish_writes_product_published_to_the_outbox_in_the_same_transaction(services, db) -> None:
    assert services.bus is not None
    created = await services.bus.send(mug())

    await services.bus.send(PublishProduct(product_id=created.id))

    product_tx = await db.fetchval("SELECT xmin::text FROM catalog_product WHERE id = $1", created.id)
    events = await db.fetch(
        "SELECT type, xmin::text AS tx FROM runtime_outbox WHERE key = $1 ORDER BY seq", str(created.id)
    )
    assert [e["type"] for e in events] == [
        "catalog.ProductCreated",
        "catalog.ProductPublished",
        "catalog.ProductUpdated",
    ]
    assert {e["tx"] for e in events[1:]} == {product_tx}
    assert events[0]["tx"] != product_tx


async def test_a_refused_publish_writes_no_event_and_changes_nothing(services, db) -> None:
    assert services.bus is not None
    created = await services.bus.send(CreateProduct(name="Empty"))

    with pytest.raises(Conflict):
        await services.bus.send(PublishProduct(product_id=created.id))

    assert await db.fetchval("SELECT status FROM catalog_product WHERE id = $1", created.id) == "draft"
    types = await db.fetch("SELECT type FROM runtime_outbox WHERE key = $1", str(created.id))
    assert [row["type"] for row in types] == ["catalog.ProductCreated"]


async def test_a_rolled_back_unit_of_work_takes_the_change_and_its_events_with_it(
    services, db, settings
) -> None:
    assert services.bus is not None
    assert services.engine is not None
    created = await services.bus.send(mug())
    uow = PgUnitOfWorkFactory(services.engine)
    deps = domains.catalog.domain.bootstrap(
        Runtime(bus=services.bus, uow=uow, tokens=TokenCodec("k" * 40), settings=settings)
    )

    async with uow():  # the handler's unit of work joins this one, which never commits
        published = await publish_product(PublishProduct(product_id=created.id), deps)
        assert published.status == "published"

    assert await db.fetchval("SELECT status FROM catalog_product WHERE id = $1", created.id) == "draft"
    assert (
        await db.fetchval("SELECT count(*) FROM runtime_outbox WHERE type = 'catalog.ProductPublished'") == 0
    )
