"""The index follows catalogue and CMS events: each applied once, the latest state wins."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from core.actors import Actors
from core.bus import Dispatcher
from core.domain import Domain
from core.messages import Envelope, Event, MessageTypes, wrap
from core.paging import Page
from domains.catalog import messages as catalog
from domains.cms import messages as cms
from domains.search.handlers import SUBSCRIPTIONS
from domains.search.handlers.indexing import rebuild
from domains.search.messages import IndexRebuilt, RebuildIndex
from tests.unit.search.fakes import FakeBus, World

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def product(
    product_id: UUID, name: str, at: datetime, status: catalog.Status = "published"
) -> catalog.ProductDetails:
    price = catalog.Money(amount=4900, currency="EUR")
    return catalog.ProductDetails(
        id=product_id,
        slug=name.lower().replace(" ", "-"),
        name=name,
        description="<p>Cool &amp; <strong>breathable</strong></p>",
        status=status,
        brand=None,
        category=None,
        breadcrumbs=[],
        images=[],
        attributes={"size": 42},
        variants=[],
        price_min=price,
        price_max=price,
        in_stock=True,
        created_at=T0,
        updated_at=at,
        published_at=T0,
        archived_at=None,
    )


def updated(product_id: UUID, name: str, at: datetime, **fields: object) -> catalog.ProductUpdated:
    return catalog.ProductUpdated(product_id=product_id, product=product(product_id, name, at, **fields))  # type: ignore[arg-type]


class Search:
    """The search domain's subscribers behind the real dispatcher, over the fake unit of work."""

    def __init__(self) -> None:
        self.world = World()
        self.actors = Actors()
        self.dispatcher = Dispatcher(
            [Domain(name="search", subscriptions=SUBSCRIPTIONS)],
            actors=self.actors,
            uow=self.world.uow,
            types=MessageTypes(),
        )
        self.dispatcher.provide("search", self.world.deps)

    async def deliver(self, event: Event, envelope: Envelope | None = None) -> Envelope:
        envelope = envelope or wrap(event, correlation_id="test")
        await self.dispatcher.deliver("search", envelope, event)
        return envelope

    def titles(self) -> dict[str, str]:
        return {key: document.title for key, document in self.world.index.documents.items()}


@pytest.fixture
async def search() -> AsyncIterator[Search]:
    running = Search()
    yield running
    await running.actors.close()


async def test_a_redelivered_product_event_is_indexed_once(search: Search) -> None:
    shirt = uuid4()
    envelope = await search.deliver(
        catalog.ProductCreated(product_id=shirt, product=product(shirt, "Linen shirt", T0))
    )
    await search.deliver(
        catalog.ProductCreated(product_id=shirt, product=product(shirt, "Linen shirt", T0)), envelope
    )
    assert search.world.index.writes == [("upsert", str(shirt))]
    assert search.world.uow.commits == 1


async def test_the_same_change_sent_again_under_a_new_id_does_not_write_the_index_again(
    search: Search,
) -> None:
    shirt = uuid4()
    await search.deliver(updated(shirt, "Linen shirt", T0))
    await search.deliver(updated(shirt, "Linen shirt", T0))
    assert search.world.index.writes == [("upsert", str(shirt))]


async def test_an_older_change_arriving_late_does_not_overwrite_a_newer_one(search: Search) -> None:
    shirt = uuid4()
    await search.deliver(updated(shirt, "Linen shirt, blue", T0 + timedelta(seconds=2)))
    await search.deliver(updated(shirt, "Linen shirt", T0 + timedelta(seconds=1)))
    assert search.titles() == {str(shirt): "Linen shirt, blue"}


async def test_a_deleted_product_is_not_brought_back_by_a_late_update(search: Search) -> None:
    shirt = uuid4()
    await search.deliver(updated(shirt, "Linen shirt", T0))
    await search.deliver(catalog.ProductDeleted(product_id=shirt, slug="linen-shirt"))
    await search.deliver(updated(shirt, "Linen shirt", T0 + timedelta(days=1)))
    assert search.titles() == {}


async def test_a_product_back_to_draft_leaves_the_index(search: Search) -> None:
    shirt = uuid4()
    await search.deliver(updated(shirt, "Linen shirt", T0))
    await search.deliver(updated(shirt, "Linen shirt", T0 + timedelta(seconds=1), status="draft"))
    assert search.titles() == {}
    assert search.world.index.writes[-1] == ("delete", str(shirt))


async def test_a_product_is_indexed_with_its_description_as_plain_text_and_its_lowest_price(
    search: Search,
) -> None:
    shirt = uuid4()
    await search.deliver(updated(shirt, "Linen shirt", T0))
    document = search.world.index.documents[str(shirt)]
    assert (document.description, document.price, document.currency) == ("Cool & breathable", 4900, "EUR")
    assert document.attributes == {"size": "42"}


def page(page_id: UUID, status: cms.Status, at: datetime) -> cms.ContentSnapshot:
    return cms.ContentSnapshot(
        id=page_id,
        kind="page",
        slug="shipping",
        title="Shipping and returns",
        excerpt="We ship worldwide",
        text="We ship worldwide within three days.",
        status=status,
        updated_at=at,
    )


async def test_a_published_page_is_indexed_under_its_id_and_leaves_when_deleted(search: Search) -> None:
    page_id = uuid4()
    await search.deliver(cms.PagePublished(id=page_id, snapshot=page(page_id, "published", T0)))
    assert search.titles() == {str(page_id): "Shipping and returns"}
    assert search.world.index.documents[str(page_id)].type == "content"
    await search.deliver(cms.PageDeleted(id=page_id, snapshot=page(page_id, "published", T0)))
    assert search.titles() == {}


async def test_a_draft_page_is_not_searchable(search: Search) -> None:
    page_id = uuid4()
    await search.deliver(cms.PageCreated(id=page_id, snapshot=page(page_id, "draft", T0)))
    assert search.titles() == {}


async def test_a_rebuild_indexes_every_snapshot_and_commits_index_rebuilt() -> None:
    shirt, draft, page_id = uuid4(), uuid4(), uuid4()
    products = [product(shirt, "Linen shirt", T0), product(draft, "Wool coat", T0, status="draft")]
    world = World(
        FakeBus(
            {
                catalog.ListProductsForIndex: [catalog.SnapshotPage(items=products)],
                cms.ListContentForIndex: [Page(items=[page(page_id, "published", T0)])],
            }
        )
    )
    assert await rebuild(RebuildIndex(), world.deps) == 2
    assert set(world.index.documents) == {str(shirt), str(page_id)}
    assert [event.documents for event in world.uow.of_type(IndexRebuilt)] == [2]  # type: ignore[attr-defined]
