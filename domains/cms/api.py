"""Public routes: what is published now. Drafts and future schedules are 404s."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, Parameter

from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.messages import ContentItem, GetPublishedContent, ListLiveBanners, ListPublishedPosts
from domains.cms.routing import Bus, Cursor, Limit
from domains.cms.schemas import PostSummary, PublicBanner, PublicPage, PublicPost, shaped

Placement = Annotated[str | None, Parameter(description="only this placement, e.g. home_hero")]
Tag = Annotated[str | None, Parameter(description="only posts with this tag")]


def _published(item: ContentItem) -> dict[str, object]:
    return {"published_at": item.publish_at}


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
        item = await bus.ask(GetPublishedContent(kind="page", slug=slug))
        return shaped(PublicPage, item, **_published(item))

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
        items = [shaped(PostSummary, item, **_published(item)) for item in page.items]
        return Page(items=items, next_cursor=page.next_cursor)

    @get(
        "/posts/{slug:str}",
        operation_id="get_published_post",
        summary="A published blog post",
        responses=errors(404),
    )
    async def get_post(self, slug: FromPath[str], bus: Bus) -> PublicPost:
        item = await bus.ask(GetPublishedContent(kind="post", slug=slug))
        return shaped(PublicPost, item, **_published(item))

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
        return Page(items=[shaped(PublicBanner, item) for item in page.items], next_cursor=page.next_cursor)


ROUTES = [PublicContent]
