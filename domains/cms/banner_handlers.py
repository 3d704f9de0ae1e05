"""The cms actor's banner messages: staff changes and the live selection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import NotFound
from core.messages import new_id
from core.paging import Page
from domains.cms import banner as banners
from domains.cms import cursors
from domains.cms.banner import Banner
from domains.cms.messages import (
    BannerItem,
    CreateBanner,
    DeleteBanner,
    GetBanner,
    ListBanners,
    ListLiveBanners,
    UpdateBanner,
)
from domains.cms.rules import given

if TYPE_CHECKING:
    from domains.cms.ports import CmsDeps


async def _banner(deps: CmsDeps, banner_id: str) -> Banner:
    found = await deps.banners.get(banner_id)
    if found is None:
        raise NotFound(f"no banner {banner_id}")
    return found


async def create_banner(cmd: CreateBanner, deps: CmsDeps) -> BannerItem:
    async with deps.uow() as uow:
        banner = Banner.create(id=new_id(), fields=given(cmd, banners.EDITABLE), now=deps.clock())
        await deps.banners.add(banner)
        uow.add(*banner.events)
        await uow.commit()
    return banner.view()


async def update_banner(cmd: UpdateBanner, deps: CmsDeps) -> BannerItem:
    async with deps.uow() as uow:
        banner = await _banner(deps, cmd.id)
        banner.edit(given(cmd, banners.EDITABLE), deps.clock())
        await deps.banners.save(banner)
        uow.add(*banner.events)
        await uow.commit()
    return banner.view()


async def delete_banner(cmd: DeleteBanner, deps: CmsDeps) -> None:
    async with deps.uow() as uow:
        banner = await _banner(deps, cmd.id)
        banner.delete()
        await deps.banners.remove(banner.id)
        uow.add(*banner.events)
        await uow.commit()


async def get_banner(query: GetBanner, deps: CmsDeps) -> BannerItem:
    return (await _banner(deps, query.id)).view()


async def list_banners(query: ListBanners, deps: CmsDeps) -> Page[BannerItem]:
    limit = cursors.checked_limit(query.limit)
    found = await deps.banners.list_newest(query.placement, cursors.time_and_id(query.cursor), limit + 1)
    return cursors.page_of([b.view() for b in found], limit, lambda b: [b.created_at.isoformat(), b.id])


async def list_live_banners(query: ListLiveBanners, deps: CmsDeps) -> Page[BannerItem]:
    limit, after = cursors.checked_limit(query.limit), cursors.priority_and_id(query.cursor)
    found = await deps.banners.list_live(query.placement, deps.clock(), after, limit + 1)
    return cursors.page_of([b.view() for b in found], limit, lambda b: [b.priority, b.id])
