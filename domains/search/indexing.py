"""The index fed by catalogue and CMS events, never by reading their tables.

Each document carries the version (its ``updated_at``) of the change that
produced it; an event older than what was applied is skipped, so repeats and
out-of-order deliveries converge on the latest state.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

from core.bus import MessageBus
from domains.catalog import messages as catalog
from domains.cms import messages as cms
from domains.search.documents import content_document, product_document
from domains.search.model import SearchDocument
from domains.search.ports import SearchDeps

REMOVED_FOR_GOOD = datetime.max.replace(tzinfo=UTC)


async def apply(
    deps: SearchDeps, document_id: str, document: SearchDocument | None, version: datetime
) -> None:
    """Put one document's latest state in the index, unless a later one is there already."""
    if not await deps.store.is_newer(document_id, version):
        return
    if document is None:
        await deps.index.delete([document_id])
    else:
        await deps.index.upsert([document])
    await deps.store.applied(document, document_id, version)


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
    await apply(deps, event.id, content_document(event.snapshot), event.snapshot.updated_at)


async def when_content_deleted_remove(event: cms.ContentChanged, deps: SearchDeps) -> None:
    await apply(deps, event.id, None, REMOVED_FOR_GOOD)


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


_CONTENT_CHANGES = (
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

SUBSCRIPTIONS: dict[type[Any], list[Any]] = {
    catalog.ProductCreated: [when_product_changed_index],
    catalog.ProductUpdated: [when_product_changed_index],
    catalog.ProductArchived: [when_product_archived_remove],
    catalog.ProductDeleted: [when_product_deleted_remove],
    **{event: [when_content_changed_index] for event in _CONTENT_CHANGES},
    cms.PageDeleted: [when_content_deleted_remove],
    cms.PostDeleted: [when_content_deleted_remove],
}
