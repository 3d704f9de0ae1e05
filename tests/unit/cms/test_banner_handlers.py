from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from core.errors import Invalid, NotFound
from domains.cms.handlers.banners import (
    create_banner,
    delete_banner,
    get_banner,
    list_banners,
    list_live_banners,
    update_banner,
)
from domains.cms.messages import (
    CreateBanner,
    DeleteBanner,
    GetBanner,
    ListBanners,
    ListLiveBanners,
    UpdateBanner,
)
from tests.unit.cms.fakes import World


@pytest.fixture
def world() -> World:
    return World()


async def add(world: World, title: str, **fields) -> UUID:
    fields.setdefault("placement", "home_hero")
    item = await create_banner(CreateBanner(title=title, image_url="/b.png", **fields), world.deps)
    return item.id


async def live(world: World, **query) -> list[str]:
    return [b.title for b in (await list_live_banners(ListLiveBanners(**query), world.deps)).items]


async def test_creating_a_banner_commits_banner_created(world: World) -> None:
    banner_id = await add(world, "Summer")
    assert world.uow.types() == ["BannerCreated"]
    assert (await get_banner(GetBanner(id=banner_id), world.deps)).title == "Summer"


async def test_live_banners_are_those_active_inside_their_window_by_priority(world: World) -> None:
    now = world.clock.now
    await add(world, "low", priority=1)
    await add(world, "high", priority=9)
    await add(
        world, "window", priority=5, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    await add(world, "future", starts_at=now + timedelta(hours=1))
    await add(world, "ended", ends_at=now)
    await add(world, "inactive", active=False)
    await add(world, "footer", placement="footer")
    assert await live(world, placement="home_hero") == ["high", "window", "low"]
    assert set(await live(world)) == {"high", "window", "low", "footer"}


async def test_live_banners_page_with_a_cursor(world: World) -> None:
    for priority in range(5):
        await add(world, f"p{priority}", priority=priority)
    first = await list_live_banners(ListLiveBanners(limit=2), world.deps)
    rest = await list_live_banners(ListLiveBanners(limit=10, cursor=first.next_cursor), world.deps)
    assert [b.title for b in first.items + rest.items] == ["p4", "p3", "p2", "p1", "p0"]


async def test_a_banner_ending_before_it_starts_is_invalid_and_nothing_is_stored(world: World) -> None:
    now = world.clock.now
    with pytest.raises(Invalid) as caught:
        await add(world, "bad", starts_at=now, ends_at=now - timedelta(days=1))
    assert caught.value.errors[0].field == "ends_at"
    assert world.banners.rows == {}
    assert world.uow.committed == []


async def test_updating_and_deleting_a_banner_commit_their_events(world: World) -> None:
    banner_id = await add(world, "Summer")
    updated = await update_banner(UpdateBanner(id=banner_id, active=False, link_url=None), world.deps)
    assert (updated.active, updated.link_url) == (False, None)
    await delete_banner(DeleteBanner(id=banner_id), world.deps)
    assert world.uow.types() == ["BannerCreated", "BannerUpdated", "BannerDeleted"]
    with pytest.raises(NotFound):
        await get_banner(GetBanner(id=banner_id), world.deps)


async def test_staff_list_shows_every_banner_newest_first_filtered_by_placement(world: World) -> None:
    await add(world, "a")
    world.clock.advance(seconds=1)
    await add(world, "b", active=False)
    world.clock.advance(seconds=1)
    await add(world, "c", placement="footer")
    page = await list_banners(ListBanners(placement="home_hero"), world.deps)
    assert [b.title for b in page.items] == ["b", "a"]
