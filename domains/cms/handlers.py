"""The cms actor: one function per message, working through the ports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.errors import NotFound
from core.messages import Message, new_id
from core.paging import Page
from domains.cms import banner_handlers, cursors
from domains.cms import model as contents
from domains.cms.messages import (
    ArchiveContent,
    ContentItem,
    ContentSnapshot,
    CreateBanner,
    CreateContent,
    DeleteBanner,
    DeleteContent,
    GetBanner,
    GetContent,
    GetPublishedContent,
    Kind,
    ListBanners,
    ListContent,
    ListContentForIndex,
    ListLiveBanners,
    ListPublishedPosts,
    PublishContent,
    UnpublishContent,
    UpdateBanner,
    UpdateContent,
)
from domains.cms.model import Content
from domains.cms.rules import free_slug, given, slugify

if TYPE_CHECKING:
    from domains.cms.ports import CmsDeps


async def _content(deps: CmsDeps, kind: Kind, content_id: str) -> Content:
    found = await deps.contents.get(kind, content_id)
    if found is None:
        raise NotFound(f"no {kind} {content_id}")
    return found


# --- content commands -------------------------------------------------------


async def create_content(cmd: CreateContent, deps: CmsDeps) -> ContentItem:
    now, fields = deps.clock(), given(cmd, contents.EDITABLE)
    async with deps.uow() as uow:
        if cmd.slug is None:
            base = slugify(cmd.title)
            fields["slug"] = free_slug(base, await deps.contents.slugs_like(cmd.kind, base)) if base else ""
        content = Content.draft(id=new_id(), kind=cmd.kind, fields=fields, now=now)
        await deps.contents.add(content)
        uow.add(*content.events)
        await uow.commit()
    return content.view(now)


async def _change(
    deps: CmsDeps, kind: Kind, content_id: str, change: Callable[[Content, datetime], None]
) -> ContentItem:
    now = deps.clock()
    async with deps.uow() as uow:
        content = await _content(deps, kind, content_id)
        change(content, now)
        await deps.contents.save(content)
        uow.add(*content.events)
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
        uow.add(*content.events)
        await uow.commit()


# --- content queries --------------------------------------------------------


async def get_content(query: GetContent, deps: CmsDeps) -> ContentItem:
    return (await _content(deps, query.kind, query.id)).view(deps.clock())


async def list_content(query: ListContent, deps: CmsDeps) -> Page[ContentItem]:
    now, limit = deps.clock(), cursors.checked_limit(query.limit)
    after = cursors.time_and_id(query.cursor)
    found = await deps.contents.list_newest(query.kind, query.status, now, after, limit + 1)
    return cursors.page_of(
        [c.view(now) for c in found], limit, lambda item: [item.created_at.isoformat(), item.id]
    )


async def get_published_content(query: GetPublishedContent, deps: CmsDeps) -> ContentItem:
    now = deps.clock()
    found = await deps.contents.find_live(query.kind, query.slug, now)
    if found is None:
        raise NotFound(f"no published {query.kind} {query.slug!r}")
    return found.view(now)


async def list_published_posts(query: ListPublishedPosts, deps: CmsDeps) -> Page[ContentItem]:
    now, limit = deps.clock(), cursors.checked_limit(query.limit)
    after = cursors.time_and_id(query.cursor)
    tag = query.tag.strip().lower() if query.tag else None
    found = await deps.contents.list_live_posts(tag, now, after, limit + 1)
    return cursors.page_of([c.view(now) for c in found], limit, lambda item: [_iso(item.publish_at), item.id])


async def list_content_for_index(query: ListContentForIndex, deps: CmsDeps) -> Page[ContentSnapshot]:
    now, limit = deps.clock(), cursors.checked_limit(query.limit)
    found = await deps.contents.list_listed(cursors.id_after(query.cursor), limit + 1)
    return cursors.page_of([c.snapshot(now) for c in found], limit, lambda item: [item.id])


def _iso(moment: datetime | None) -> str:
    assert moment is not None, "live content has a publish_at"
    return moment.isoformat()


HANDLERS: dict[type[Message], Callable[[Any, CmsDeps], Any]] = {
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
    CreateBanner: banner_handlers.create_banner,
    UpdateBanner: banner_handlers.update_banner,
    DeleteBanner: banner_handlers.delete_banner,
    GetBanner: banner_handlers.get_banner,
    ListBanners: banner_handlers.list_banners,
    ListLiveBanners: banner_handlers.list_live_banners,
}
