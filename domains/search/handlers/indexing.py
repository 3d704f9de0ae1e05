"""The index fed by catalogue and CMS events, never by reading their tables; and rebuilt from snapshots.

Each document carries the version (its ``updated_at``) of the change that
produced it. The version is recorded, conditionally, in the same unit of work
as the index write: an event older than what was applied is skipped, so repeats
and out-of-order deliveries converge on the latest state. (The dispatcher's
inbox claim already drops an event id seen before.)
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from html import unescape
from typing import TYPE_CHECKING

import nh3

from domains.catalog import messages as catalog
from domains.cms import messages as cms
from domains.search.messages import IndexRebuilt, RebuildIndex, SearchDocument

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.domain import Handler
    from core.messages import Message
    from domains.search.ports import SearchDeps

REMOVED_FOR_GOOD = datetime.max.replace(tzinfo=UTC)
SEARCHABLE_CONTENT = ("published", "scheduled")
MAX_CONTENT_TEXT = 20_000


def plain_text(html: str) -> str:
    """Product descriptions are sanitised HTML; the index wants their words only."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


def product_document(product: catalog.ProductDetails) -> SearchDocument | None:
    """The document for a product, or None when it must not be searchable."""
    if product.status != "published":
        return None
    categories = list(product.breadcrumbs) or ([product.category] if product.category else [])
    price = product.price_min
    return SearchDocument(
        id=str(product.id),
        type="product",
        slug=product.slug,
        title=product.name,
        description=plain_text(product.description),
        brand=product.brand.name if product.brand else None,
        brand_slug=product.brand.slug if product.brand else None,
        category=product.category.name if product.category else None,
        category_slugs=[c.slug for c in categories],
        price=price.amount if price else None,
        currency=price.currency if price else None,
        in_stock=product.in_stock,
        attributes={key: str(value) for key, value in product.attributes.items()},
        published_at=product.published_at,
        image_url=product.images[0] if product.images else None,
    )


def content_document(snapshot: cms.ContentSnapshot) -> SearchDocument | None:
    """Published or scheduled content; searches show it once ``publish_at`` has passed."""
    if snapshot.status not in SEARCHABLE_CONTENT:
        return None
    text = " ".join(filter(None, (snapshot.seo_description, snapshot.excerpt, snapshot.text)))
    return SearchDocument(
        id=str(snapshot.id),
        type="content",
        slug=snapshot.slug,
        title=snapshot.title,
        description=text[:MAX_CONTENT_TEXT],
        category=snapshot.kind,
        category_slugs=[snapshot.kind],
        attributes={"author": snapshot.author} if snapshot.author else {},
        published_at=snapshot.publish_at or snapshot.updated_at,
    )


async def apply(
    deps: SearchDeps, document_id: str, document: SearchDocument | None, version: datetime
) -> None:
    """Put one document's latest state in the index, unless a later one is there already."""
    async with deps.uow() as uow:
        if not await deps.store.record_version(document_id, version, document):
            return
        if document is None:
            await deps.index.delete([document_id])
        else:
            await deps.index.upsert([document])
        await uow.commit()


async def when_product_changed_index(
    event: catalog.ProductCreated | catalog.ProductUpdated, deps: SearchDeps
) -> None:
    product = event.product
    await apply(deps, str(product.id), product_document(product), product.updated_at)


async def when_product_archived_remove(event: catalog.ProductArchived, deps: SearchDeps) -> None:
    await apply(deps, str(event.product_id), None, event.archived_at)


async def when_product_deleted_remove(event: catalog.ProductDeleted, deps: SearchDeps) -> None:
    await apply(deps, str(event.product_id), None, REMOVED_FOR_GOOD)


async def when_content_changed_index(event: cms.ContentChanged, deps: SearchDeps) -> None:
    await apply(deps, str(event.id), content_document(event.snapshot), event.snapshot.updated_at)


async def when_content_deleted_remove(event: cms.ContentChanged, deps: SearchDeps) -> None:
    await apply(deps, str(event.id), None, REMOVED_FOR_GOOD)


async def snapshots(bus: MessageBus) -> AsyncIterator[Sequence[SearchDocument]]:
    """Every searchable document, a page at a time, asked of the owning domains."""
    cursor: str | None = None
    while True:
        products = await bus.ask(catalog.ListProductsForIndex(cursor=cursor, limit=100))
        yield [doc for doc in map(product_document, products.items) if doc is not None]
        if (cursor := products.next_cursor) is None:
            break
    while True:
        content = await bus.ask(cms.ListContentForIndex(cursor=cursor, limit=100))
        yield [doc for doc in map(content_document, content.items) if doc is not None]
        if (cursor := content.next_cursor) is None:
            break


async def rebuild(command: RebuildIndex, deps: SearchDeps) -> int:
    count = await deps.index.rebuild(snapshots(deps.bus))
    await deps.index.configure(await deps.store.settings())
    async with deps.uow() as uow:
        uow.add(IndexRebuilt(documents=count))
        await uow.commit()
    return count


HANDLERS: dict[type[Message], Handler] = {RebuildIndex: rebuild}
CONTENT_CHANGES = (
    cms.PageCreated,
    cms.PageUpdated,
    cms.PagePublished,
    cms.PageUnpublished,
    cms.PageArchived,
    cms.PostCreated,
    cms.PostUpdated,
    cms.PostPublished,
    cms.PostUnpublished,
    cms.PostArchived,
)
