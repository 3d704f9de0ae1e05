"""The cms actor's banner messages: staff changes and the live selection."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID, uuid4

from core.validation import found
from domains.cms.messages import (
    BannerItem,
    CreateBanner,
    DeleteBanner,
    GetBanner,
    ListBanners,
    ListLiveBanners,
    UpdateBanner,
)
from domains.cms.model import banners, checked_limit, given, page_of, priority_and_id, time_and_id
from domains.cms.model.banners import Banner

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.paging import Page
    from domains.cms.ports import CmsDeps


async def _banner(deps: CmsDeps, banner_id: UUID) -> Banner:
    return found(await deps.banners.get(banner_id), "banner", banner_id)


async def create_banner(cmd: CreateBanner, deps: CmsDeps) -> BannerItem:
    async with deps.uow() as uow:
        banner = Banner.create(id=uuid4(), fields=given(cmd, banners.EDITABLE), now=deps.clock())
        await deps.banners.add(banner)
        uow.collect(banner)
        await uow.commit()
    return banner.view()


async def update_banner(cmd: UpdateBanner, deps: CmsDeps) -> BannerItem:
    async with deps.uow() as uow:
        banner = await _banner(deps, cmd.id)
        banner.edit(given(cmd, banners.EDITABLE), deps.clock())
        await deps.banners.save(banner)
        uow.collect(banner)
        await uow.commit()
    return banner.view()


async def delete_banner(cmd: DeleteBanner, deps: CmsDeps) -> None:
    async with deps.uow() as uow:
        banner = await _banner(deps, cmd.id)
        banner.delete()
        await deps.banners.remove(banner.id)
        uow.collect(banner)
        await uow.commit()


async def get_banner(query: GetBanner, deps: CmsDeps) -> BannerItem:
    return (await _banner(deps, query.id)).view()


async def list_banners(query: ListBanners, deps: CmsDeps) -> Page[BannerItem]:
    limit = checked_limit(query.limit)
    listed = await deps.banners.list_newest(query.placement, time_and_id(query.cursor), limit + 1)
    return page_of([b.view() for b in listed], limit, lambda b: [b.created_at.isoformat(), str(b.id)])


async def list_live_banners(query: ListLiveBanners, deps: CmsDeps) -> Page[BannerItem]:
    limit, after = checked_limit(query.limit), priority_and_id(query.cursor)
    listed = await deps.banners.list_live(query.placement, deps.clock(), after, limit + 1)
    return page_of([b.view() for b in listed], limit, lambda b: [b.priority, str(b.id)])


HANDLERS: dict[type[Message], Handler] = {
    CreateBanner: create_banner,
    UpdateBanner: update_banner,
    DeleteBanner: delete_banner,
    GetBanner: get_banner,
    ListBanners: list_banners,
    ListLiveBanners: list_live_banners,
}
