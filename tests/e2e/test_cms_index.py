"""The reindex query over the bus, against PostgreSQL, as a search domain would call it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import domains
from app import close_services, open_services
from core.security import TokenCodec
from domains.cms.messages import CreateContent, ListContentForIndex, PublishContent


async def test_index_snapshots_page_through_published_and_scheduled_content_only(settings) -> None:
    services = await open_services(settings, domains.load(["cms"]), TokenCodec("k" * 40))
    try:
        bus = services.bus
        live = await bus.send(CreateContent(kind="page", title="Live page", body="<b>Bold</b> words"))
        soon = await bus.send(CreateContent(kind="post", title="Soon post", tags=("news",)))
        await bus.send(CreateContent(kind="page", title="Draft page"))
        await bus.send(PublishContent(kind="page", id=live.id))
        await bus.send(
            PublishContent(kind="post", id=soon.id, publish_at=datetime.now(UTC) + timedelta(days=1))
        )

        first = await bus.ask(ListContentForIndex(limit=1))
        second = await bus.ask(ListContentForIndex(limit=1, cursor=first.next_cursor))
    finally:
        await close_services(services)

    snapshots = first.items + second.items
    assert sorted((s.kind, s.slug, s.status, s.tags) for s in snapshots) == [
        ("page", "live-page", "published", ()),
        ("post", "soon-post", "scheduled", ("news",)),
    ]
    assert first.next_cursor is not None
    assert second.next_cursor is None
    assert next(s for s in snapshots if s.kind == "page").text == "Bold words"
