"""Staff routes for pages and blog posts: CRUD, publish (now or scheduled), unpublish, archive.

Pages and posts are served alike: ``content_admin`` makes the controller of one
kind, which differs from the other's only in its path, operation ids, summaries
and request bodies.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import JSONBody, Parameter, PathParameter

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.messages import (
    ArchiveContent,
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
from domains.cms.schemas import ContentView, PageCreate, PageUpdate, PostCreate, PostUpdate, PublishRequest

if TYPE_CHECKING:
    # Stand-ins for type checkers; each kind's controller resolves these names to its own types.
    ContentCreate = PageCreate
    ContentUpdate = PageUpdate
    ContentId = UUID

READ, WRITE = staff("cms:read"), staff("cms:write")
StatusNow = Annotated[Status | None, Parameter(description="only content in this status as of now")]
PUBLISH_HELP = "Without publish_at, or with one in the past, the content is live at once; a future publish_at schedules it."


def content_admin(
    kind: Kind, noun: str, create: type[PageCreate], update: type[PageUpdate]
) -> type[Controller]:
    """The staff controller of ``kind`` at /admin/cms/{kind}s; its summaries call it ``noun``."""
    one = f"/{{{kind}_id:uuid}}"

    class ContentAdmin(Controller):
        path = f"/admin/cms/{kind}s"
        tags = ["admin: cms"]
        signature_namespace = {
            "ContentCreate": create,
            "ContentUpdate": update,
            "ContentId": Annotated[UUID, PathParameter(name=f"{kind}_id")],
        }

        @get(
            operation_id=f"list_cms_{kind}s",
            summary=f"{noun.capitalize()}s in any status, newest first",
            guards=[READ],
            responses=errors(400, 401, 403, 422),
        )
        async def list_content(
            self, bus: Bus, status: StatusNow = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
        ) -> Page[ContentView]:
            page = await bus.ask(ListContent(kind=kind, status=status, cursor=cursor, limit=limit))
            return Page(
                items=[shaped(item, ContentView) for item in page.items], next_cursor=page.next_cursor
            )

        @post(
            operation_id=f"create_cms_{kind}",
            summary=f"Create a draft {noun}",
            guards=[WRITE],
            responses=errors(400, 401, 403, 409, 422),
        )
        async def create_content(self, data: JSONBody[ContentCreate], bus: Bus) -> ContentView:
            return shaped(await bus.send(message(data, CreateContent, kind=kind)), ContentView)

        @get(
            one,
            operation_id=f"get_cms_{kind}",
            summary=f"One {noun} in any status",
            guards=[READ],
            responses=errors(401, 403, 404),
        )
        async def get_content(self, content_id: ContentId, bus: Bus) -> ContentView:
            return shaped(await bus.ask(GetContent(kind=kind, id=content_id)), ContentView)

        @patch(
            one,
            operation_id=f"update_cms_{kind}",
            summary=f"Change a {noun}",
            guards=[WRITE],
            responses=errors(400, 401, 403, 404, 409, 422),
        )
        async def update_content(
            self, content_id: ContentId, data: JSONBody[ContentUpdate], bus: Bus
        ) -> ContentView:
            command = message(data, UpdateContent, kind=kind, id=content_id)
            return shaped(await bus.send(command), ContentView)

        @delete(
            one,
            operation_id=f"delete_cms_{kind}",
            summary=f"Delete a {noun}",
            guards=[WRITE],
            responses=errors(401, 403, 404),
        )
        async def delete_content(self, content_id: ContentId, bus: Bus) -> None:
            await bus.send(DeleteContent(kind=kind, id=content_id))

        @post(
            f"{one}/publish",
            status_code=200,
            operation_id=f"publish_cms_{kind}",
            summary=f"Publish a {noun} now or schedule it",
            description=PUBLISH_HELP,
            guards=[WRITE],
            responses=errors(400, 401, 403, 404, 409),
        )
        async def publish_content(
            self, content_id: ContentId, bus: Bus, data: JSONBody[PublishRequest | None] = None
        ) -> ContentView:
            at = data.publish_at if data else None
            return shaped(
                await bus.send(PublishContent(kind=kind, id=content_id, publish_at=at)), ContentView
            )

        @post(
            f"{one}/unpublish",
            status_code=200,
            operation_id=f"unpublish_cms_{kind}",
            summary=f"Take a published or scheduled {noun} back to draft",
            guards=[WRITE],
            responses=errors(401, 403, 404, 409),
        )
        async def unpublish_content(self, content_id: ContentId, bus: Bus) -> ContentView:
            return shaped(await bus.send(UnpublishContent(kind=kind, id=content_id)), ContentView)

        @post(
            f"{one}/archive",
            status_code=200,
            operation_id=f"archive_cms_{kind}",
            summary=f"Archive a {noun} (hidden; publish again to restore)",
            guards=[WRITE],
            responses=errors(401, 403, 404, 409),
        )
        async def archive_content(self, content_id: ContentId, bus: Bus) -> ContentView:
            return shaped(await bus.send(ArchiveContent(kind=kind, id=content_id)), ContentView)

    ContentAdmin.__name__ = ContentAdmin.__qualname__ = f"{kind.capitalize()}Admin"
    return ContentAdmin


PageAdmin = content_admin("page", "page", PageCreate, PageUpdate)
PostAdmin = content_admin("post", "blog post", PostCreate, PostUpdate)

ROUTES = [PageAdmin, PostAdmin]
