"""Staff routes for pages and blog posts: CRUD, publish (now or scheduled), unpublish, archive."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from core.http import errors
from core.messages import Command
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.messages import (
    ArchiveContent,
    ContentItem,
    CreateContent,
    DeleteContent,
    GetContent,
    Kind,
    ListContent,
    PublishContent,
    Status,
    UnpublishContent,
    UpdateContent,
)
from domains.cms.routing import READ, WRITE, Bus, Cursor, Limit
from domains.cms.schemas import (
    ContentView,
    PageCreate,
    PageUpdate,
    PostCreate,
    PostUpdate,
    PublishRequest,
    message,
    shaped,
)

StatusNow = Annotated[Status | None, Parameter(description="only content in this status as of now")]
PUBLISH_HELP = "Without publish_at, or with one in the past, the content is live at once; a future publish_at schedules it."


async def _list(
    bus: Bus, kind: Kind, status: Status | None, cursor: str | None, limit: int
) -> Page[ContentView]:
    page = await bus.ask(ListContent(kind=kind, status=status, cursor=cursor, limit=limit))
    return Page(items=[shaped(ContentView, item) for item in page.items], next_cursor=page.next_cursor)


async def _send(bus: Bus, command: Command[ContentItem]) -> ContentView:
    return shaped(ContentView, await bus.send(command))


async def _get(bus: Bus, kind: Kind, content_id: FromPath[UUID]) -> ContentView:
    return shaped(ContentView, await bus.ask(GetContent(kind=kind, id=str(content_id))))


def _publish(kind: Kind, content_id: FromPath[UUID], data: PublishRequest | None) -> PublishContent:
    return PublishContent(kind=kind, id=str(content_id), publish_at=data.publish_at if data else None)


class PageAdmin(Controller):
    path = "/admin/cms/pages"
    tags = ["admin: cms"]

    @get(
        operation_id="list_cms_pages",
        summary="Pages in any status, newest first",
        guards=[READ],
        responses=errors(400, 401, 403, 422),
    )
    async def list_pages(
        self, bus: Bus, status: StatusNow = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[ContentView]:
        return await _list(bus, "page", status, cursor, limit)

    @post(
        operation_id="create_cms_page",
        summary="Create a draft page",
        guards=[WRITE],
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create_page(self, data: JSONBody[PageCreate], bus: Bus) -> ContentView:
        return await _send(bus, message(CreateContent, data, kind="page"))

    @get(
        "/{page_id:uuid}",
        operation_id="get_cms_page",
        summary="One page in any status",
        guards=[READ],
        responses=errors(401, 403, 404),
    )
    async def get_page(self, page_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _get(bus, "page", page_id)

    @patch(
        "/{page_id:uuid}",
        operation_id="update_cms_page",
        summary="Change a page",
        guards=[WRITE],
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update_page(self, page_id: FromPath[UUID], data: JSONBody[PageUpdate], bus: Bus) -> ContentView:
        return await _send(bus, message(UpdateContent, data, kind="page", id=str(page_id)))

    @delete(
        "/{page_id:uuid}",
        operation_id="delete_cms_page",
        summary="Delete a page",
        guards=[WRITE],
        responses=errors(401, 403, 404),
    )
    async def delete_page(self, page_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(DeleteContent(kind="page", id=str(page_id)))

    @post(
        "/{page_id:uuid}/publish",
        status_code=200,
        operation_id="publish_cms_page",
        summary="Publish a page now or schedule it",
        description=PUBLISH_HELP,
        guards=[WRITE],
        responses=errors(400, 401, 403, 404, 409),
    )
    async def publish_page(
        self, page_id: FromPath[UUID], bus: Bus, data: JSONBody[PublishRequest | None] = None
    ) -> ContentView:
        return await _send(bus, _publish("page", page_id, data))

    @post(
        "/{page_id:uuid}/unpublish",
        status_code=200,
        operation_id="unpublish_cms_page",
        summary="Take a published or scheduled page back to draft",
        guards=[WRITE],
        responses=errors(401, 403, 404, 409),
    )
    async def unpublish_page(self, page_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _send(bus, UnpublishContent(kind="page", id=str(page_id)))

    @post(
        "/{page_id:uuid}/archive",
        status_code=200,
        operation_id="archive_cms_page",
        summary="Archive a page (hidden; publish again to restore)",
        guards=[WRITE],
        responses=errors(401, 403, 404, 409),
    )
    async def archive_page(self, page_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _send(bus, ArchiveContent(kind="page", id=str(page_id)))


class PostAdmin(Controller):
    path = "/admin/cms/posts"
    tags = ["admin: cms"]

    @get(
        operation_id="list_cms_posts",
        summary="Blog posts in any status, newest first",
        guards=[READ],
        responses=errors(400, 401, 403, 422),
    )
    async def list_posts(
        self, bus: Bus, status: StatusNow = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[ContentView]:
        return await _list(bus, "post", status, cursor, limit)

    @post(
        operation_id="create_cms_post",
        summary="Create a draft blog post",
        guards=[WRITE],
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create_post(self, data: JSONBody[PostCreate], bus: Bus) -> ContentView:
        return await _send(bus, message(CreateContent, data, kind="post"))

    @get(
        "/{post_id:uuid}",
        operation_id="get_cms_post",
        summary="One blog post in any status",
        guards=[READ],
        responses=errors(401, 403, 404),
    )
    async def get_post(self, post_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _get(bus, "post", post_id)

    @patch(
        "/{post_id:uuid}",
        operation_id="update_cms_post",
        summary="Change a blog post",
        guards=[WRITE],
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update_post(self, post_id: FromPath[UUID], data: JSONBody[PostUpdate], bus: Bus) -> ContentView:
        return await _send(bus, message(UpdateContent, data, kind="post", id=str(post_id)))

    @delete(
        "/{post_id:uuid}",
        operation_id="delete_cms_post",
        summary="Delete a blog post",
        guards=[WRITE],
        responses=errors(401, 403, 404),
    )
    async def delete_post(self, post_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(DeleteContent(kind="post", id=str(post_id)))

    @post(
        "/{post_id:uuid}/publish",
        status_code=200,
        operation_id="publish_cms_post",
        summary="Publish a blog post now or schedule it",
        description=PUBLISH_HELP,
        guards=[WRITE],
        responses=errors(400, 401, 403, 404, 409),
    )
    async def publish_post(
        self, post_id: FromPath[UUID], bus: Bus, data: JSONBody[PublishRequest | None] = None
    ) -> ContentView:
        return await _send(bus, _publish("post", post_id, data))

    @post(
        "/{post_id:uuid}/unpublish",
        status_code=200,
        operation_id="unpublish_cms_post",
        summary="Take a published or scheduled blog post back to draft",
        guards=[WRITE],
        responses=errors(401, 403, 404, 409),
    )
    async def unpublish_post(self, post_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _send(bus, UnpublishContent(kind="post", id=str(post_id)))

    @post(
        "/{post_id:uuid}/archive",
        status_code=200,
        operation_id="archive_cms_post",
        summary="Archive a blog post (hidden; publish again to restore)",
        guards=[WRITE],
        responses=errors(401, 403, 404, 409),
    )
    async def archive_post(self, post_id: FromPath[UUID], bus: Bus) -> ContentView:
        return await _send(bus, ArchiveContent(kind="post", id=str(post_id)))


ROUTES = [PageAdmin, PostAdmin]
