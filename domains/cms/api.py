"""Public routes: what is published now. Drafts and future schedules are 404s."""

from __future__ import annotations

from typing import Annotated, TypeVar

import msgspec
from litestar import Controller, get
from litestar.params import FromPath, Parameter

from core.controllers import Bus, Cursor, Limit, shaped
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.messages import ContentItem, GetPublishedContent, ListLiveBanners, ListPublishedPosts
from domains.cms.schemas import PostSummary, PublicBanner, PublicPage, PublicPost

T = TypeVar("T")
Placement = Annotated[str | None, Parameter(description="only this placement, e.g. home_hero")]
Tag = Annotated[str | None, Parameter(description="only posts with this tag")]


def _published(item: ContentItem, shape: type[T]) -> T:
    """A live page or post as the public ``shape``, whose ``published_at`` is its ``publish_at``."""
    return shaped({**msgspec.to_builtins(item), "published_at": item.publish_at}, shape)


class PublicContent(Controller):
    path = "/cms"
    tags = ["cms"]

    @get(
        "/pages/{slug:str}",
        operation_id="get_published_page",
        summary="A published page",
        responses=errors(404),
    )
    async def get_page(self, slug: FromPath[str], bus: Bus) -> PublicPage:
        return _published(await bus.ask(GetPublishedContent(kind="page", slug=slug)), PublicPage)

    @get(
        "/posts",
        operation_id="list_published_posts",
        summary="Published blog posts, newest first",
        responses=errors(400, 422),
    )
    async def list_posts(
        self, bus: Bus, tag: Tag = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[PostSummary]:
        page = await bus.ask(ListPublishedPosts(tag=tag, cursor=cursor, limit=limit))
        items = [_published(item, PostSummary) for item in page.items]
        return Page(items=items, next_cursor=page.next_cursor)

    @get(
        "/posts/{slug:str}",
        operation_id="get_published_post",
        summary="A published blog post",
        responses=errors(404),
    )
    async def get_post(self, slug: FromPath[str], bus: Bus) -> PublicPost:
        return _published(await bus.ask(GetPublishedContent(kind="post", slug=slug)), PublicPost)

    @get(
        "/banners",
        operation_id="list_live_banners",
        summary="Active banners showing now, highest priority first",
        responses=errors(400, 422),
    )
    async def list_banners(
        self, bus: Bus, placement: Placement = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[PublicBanner]:
        page = await bus.ask(ListLiveBanners(placement=placement, cursor=cursor, limit=limit))
        return Page(items=[shaped(item, PublicBanner) for item in page.items], next_cursor=page.next_cursor)


ROUTES = [PublicContent]
