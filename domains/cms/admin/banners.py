"""Staff routes for banners."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, Parameter

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.cms.admin.content import READ, WRITE
from domains.cms.messages import CreateBanner, DeleteBanner, GetBanner, ListBanners, UpdateBanner
from domains.cms.schemas import BannerCreate, BannerUpdate, BannerView

Placement = Annotated[str | None, Parameter(description="only banners of this placement, e.g. home_hero")]


class BannerAdmin(Controller):
    path = "/admin/cms/banners"
    tags = ["admin: cms"]

    @get(
        operation_id="list_cms_banners",
        summary="Banners, active or not, newest first",
        guards=[READ],
        responses=errors(400, 401, 403, 422),
    )
    async def list_banners(
        self, bus: Bus, placement: Placement = None, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[BannerView]:
        page = await bus.ask(ListBanners(placement=placement, cursor=cursor, limit=limit))
        return Page(items=[shaped(item, BannerView) for item in page.items], next_cursor=page.next_cursor)

    @post(
        operation_id="create_cms_banner",
        summary="Create a banner",
        guards=[WRITE],
        responses=errors(400, 401, 403, 422),
    )
    async def create_banner(self, data: JSONBody[BannerCreate], bus: Bus) -> BannerView:
        return shaped(await bus.send(message(data, CreateBanner)), BannerView)

    @get(
        "/{banner_id:uuid}",
        operation_id="get_cms_banner",
        summary="One banner",
        guards=[READ],
        responses=errors(401, 403, 404),
    )
    async def get_banner(self, banner_id: FromPath[UUID], bus: Bus) -> BannerView:
        return shaped(await bus.ask(GetBanner(id=banner_id)), BannerView)

    @patch(
        "/{banner_id:uuid}",
        operation_id="update_cms_banner",
        summary="Change a banner",
        guards=[WRITE],
        responses=errors(400, 401, 403, 404, 422),
    )
    async def update_banner(
        self, banner_id: FromPath[UUID], data: JSONBody[BannerUpdate], bus: Bus
    ) -> BannerView:
        return shaped(await bus.send(message(data, UpdateBanner, id=banner_id)), BannerView)

    @delete(
        "/{banner_id:uuid}",
        operation_id="delete_cms_banner",
        summary="Delete a banner",
        guards=[WRITE],
        responses=errors(401, 403, 404),
    )
    async def delete_banner(self, banner_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(DeleteBanner(id=banner_id))


ROUTES = [BannerAdmin]
