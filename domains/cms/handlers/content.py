"""The cms actor's page and post messages: staff changes, public reads and the index feed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from core.slugs import slugify, unique_slug
from core.validation import found
from domains.cms.messages import (
    ArchiveContent,
    ContentItem,
    ContentSnapshot,
    CreateContent,
    DeleteContent,
    GetContent,
    GetPublishedContent,
    Kind,
    ListContent,
    ListContentForIndex,
    ListPublishedPosts,
    PublishContent,
    UnpublishContent,
    UpdateContent,
)
from domains.cms.model import checked_limit, given, id_after, page_of, time_and_id
from domains.cms.model import content as contents
from domains.cms.model.content import Content

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.paging import Page
    from domains.cms.ports import CmsDeps


async def _content(deps: CmsDeps, kind: Kind, content_id: UUID) -> Content:
    return found(await deps.contents.get(kind, content_id), kind, content_id)


# --- commands ---------------------------------------------------------------


async def create_content(cmd: CreateContent, deps: CmsDeps) -> ContentItem:
    now, fields = deps.clock(), given(cmd, contents.EDITABLE)
    async with deps.uow() as uow:
        if cmd.slug is None:
            base = slugify(cmd.title, fallback="")
            fields["slug"] = unique_slug(base, await deps.contents.slugs_like(cmd.kind, base)) if base else ""
        content = Content.draft(id=uuid4(), kind=cmd.kind, fields=fields, now=now)
        await deps.contents.add(content)
        uow.collect(content)
        await uow.commit()
    return content.view(now)


async def _change(
    deps: CmsDeps, kind: Kind, content_id: UUID, change: Callable[[Content, datetime], None]
) -> ContentItem:
    now = deps.clock()
    async with deps.uow() as uow:
        content = await _content(deps, kind, content_id)
        change(content, now)
        await deps.contents.save(content)
        uow.collect(content)
        await uow.commit()
    return content.view(now)


async def update_content(cmd: UpdateContent, deps: CmsDeps) -> ContentItem:
    changes = given(cmd, contents.EDITABLE)
    return await _change(deps, cmd.kind, cmd.id, lambda content, now: content.edit(changes, now))


async def publish_content(cmd: PublishContent, deps: CmsDeps) -> ContentItem:
    return await _change(deps, cmd.kind, cmd.id, lambda content, now: content.publish(cmd.publish_at, now))


async def unpublish_content(cmd: UnpublishContent, deps: CmsDeps) -> ContentItem:
    return await _change(deps, cmd.kind, cmd.id, Content.unpublish)


async def archive_content(cmd: ArchiveContent, deps: CmsDeps) -> ContentItem:
    return await _change(deps, cmd.kind, cmd.id, Content.archive)


async def delete_content(cmd: DeleteContent, deps: CmsDeps) -> None:
    async with deps.uow() as uow:
        content = await _content(deps, cmd.kind, cmd.id)
        content.delete(deps.clock())
        await deps.contents.remove(content.id)
        uow.collect(content)
        await uow.commit()


# --- queries ----------------------------------------------------------------


async def get_content(query: GetContent, deps: CmsDeps) -> ContentItem:
    return (await _content(deps, query.kind, query.id)).view(deps.clock())


async def list_content(query: ListContent, deps: CmsDeps) -> Page[ContentItem]:
    now, limit = deps.clock(), checked_limit(query.limit)
    after = time_and_id(query.cursor)
    listed = await deps.contents.list_newest(query.kind, query.status, now, after, limit + 1)
    return page_of(
        [c.view(now) for c in listed], limit, lambda item: [item.created_at.isoformat(), str(item.id)]
    )


async def get_published_content(query: GetPublishedContent, deps: CmsDeps) -> ContentItem:
    now = deps.clock()
    live = found(
        await deps.contents.find_live(query.kind, query.slug, now), f"published {query.kind}", query.slug
    )
    return live.view(now)


async def list_published_posts(query: ListPublishedPosts, deps: CmsDeps) -> Page[ContentItem]:
    now, limit = deps.clock(), checked_limit(query.limit)
    after = time_and_id(query.cursor)
    tag = query.tag.strip().lower() if query.tag else None
    listed = await deps.contents.list_live_posts(tag, now, after, limit + 1)
    return page_of([c.view(now) for c in listed], limit, lambda item: [_iso(item.publish_at), str(item.id)])


async def list_content_for_index(query: ListContentForIndex, deps: CmsDeps) -> Page[ContentSnapshot]:
    now, limit = deps.clock(), checked_limit(query.limit)
    listed = await deps.contents.list_listed(id_after(query.cursor), limit + 1)
    return page_of([c.snapshot(now) for c in listed], limit, lambda item: [str(item.id)])


def _iso(moment: datetime | None) -> str:
    assert moment is not None, "live content has a publish_at"
    return moment.isoformat()


HANDLERS: dict[type[Message], Handler] = {
    CreateContent: create_content,
    UpdateContent: update_content,
    PublishContent: publish_content,
    UnpublishContent: unpublish_content,
    ArchiveContent: archive_content,
    DeleteContent: delete_content,
    GetContent: get_content,
    ListContent: list_content,
    GetPublishedContent: get_published_content,
    ListPublishedPosts: list_published_posts,
    ListContentForIndex: list_content_for_index,
}
