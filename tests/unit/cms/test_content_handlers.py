from __future__ import annotations

from datetime import timedelta
from uuid import UUID

import pytest

from core.errors import Conflict, Invalid, NotFound
from domains.cms.handlers.content import (
    archive_content,
    create_content,
    delete_content,
    get_content,
    get_published_content,
    list_content,
    list_content_for_index,
    list_published_posts,
    publish_content,
    unpublish_content,
    update_content,
)
from domains.cms.messages import (
    ArchiveContent,
    CreateContent,
    DeleteContent,
    GetContent,
    GetPublishedContent,
    ListContent,
    ListContentForIndex,
    ListPublishedPosts,
    PublishContent,
    UnpublishContent,
    UpdateContent,
)
from tests.unit.cms.fakes import World


@pytest.fixture
def world() -> World:
    return World()


async def create(world: World, kind: str = "page", **fields) -> UUID:
    item = await create_content(
        CreateContent(kind=kind, title=fields.pop("title", "Shipping"), **fields), world.deps
    )
    return item.id


async def publish(world: World, content_id: UUID, kind: str = "page", at=None) -> None:
    await publish_content(PublishContent(kind=kind, id=content_id, publish_at=at), world.deps)


async def test_creating_a_page_stores_a_draft_and_commits_page_created(world: World) -> None:
    item = await create_content(CreateContent(kind="page", title="About us", body="Hi"), world.deps)
    assert (item.slug, item.status, item.body_html) == ("about-us", "draft", "<p>Hi</p>\n")
    assert world.uow.types() == ["PageCreated"]
    assert world.uow.committed[0].snapshot.id == item.id


async def test_a_generated_slug_that_is_taken_gets_a_number(world: World) -> None:
    await create(world, title="Sale")
    await create(world, title="Sale")
    third = await create_content(CreateContent(kind="page", title="Sale!"), world.deps)
    assert third.slug == "sale-3"


async def test_the_same_slug_may_be_used_by_a_page_and_a_post(world: World) -> None:
    await create(world, "page", title="News", slug="news")
    post = await create_content(CreateContent(kind="post", title="News", slug="news"), world.deps)
    assert post.slug == "news"


async def test_an_explicit_duplicate_slug_is_a_conflict_and_commits_nothing(world: World) -> None:
    await create(world, slug="shipping")
    with pytest.raises(Conflict) as caught:
        await create(world, slug="shipping")
    assert caught.value.errors[0].field == "slug"
    assert len(world.contents.rows) == 1
    assert world.uow.types() == ["PageCreated"]


async def test_a_title_without_letters_and_no_slug_is_invalid_naming_slug(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        await create(world, title="!!!")
    assert [e.field for e in caught.value.errors] == ["slug"]
    assert world.contents.rows == {}
    assert world.uow.committed == []


async def test_updating_changes_only_the_given_fields_and_commits_page_updated(world: World) -> None:
    page_id = await create(world, seo_title="Ship")
    item = await update_content(UpdateContent(kind="page", id=page_id, title="Delivery"), world.deps)
    assert (item.title, item.slug, item.seo_title) == ("Delivery", "shipping", "Ship")
    cleared = await update_content(UpdateContent(kind="page", id=page_id, seo_title=None), world.deps)
    assert cleared.seo_title is None
    assert world.uow.types()[-2:] == ["PageUpdated", "PageUpdated"]


async def test_renaming_to_a_taken_slug_is_a_conflict_and_keeps_the_old_one(world: World) -> None:
    await create(world, title="A", slug="a")
    b = await create(world, title="B", slug="b")
    with pytest.raises(Conflict):
        await update_content(UpdateContent(kind="page", id=b, slug="a"), world.deps)
    assert world.contents.rows[b].slug == "b"
    assert world.uow.types() == ["PageCreated", "PageCreated"]


async def test_an_unknown_or_other_kind_id_is_not_found(world: World) -> None:
    page_id = await create(world)
    with pytest.raises(NotFound):
        await get_content(GetContent(kind="post", id=page_id), world.deps)
    with pytest.raises(NotFound):
        await publish(world, UUID("00000000-0000-4000-8000-000000000000"))


async def test_a_draft_is_not_found_publicly_and_a_published_page_is(world: World) -> None:
    page_id = await create(world)
    with pytest.raises(NotFound):
        await get_published_content(GetPublishedContent(kind="page", slug="shipping"), world.deps)
    await publish(world, page_id)
    found = await get_published_content(GetPublishedContent(kind="page", slug="shipping"), world.deps)
    assert found.id == page_id
    assert found.status == "published"
    assert world.uow.types()[-1] == "PagePublished"


async def test_scheduled_content_appears_once_its_time_comes_without_any_scheduler(world: World) -> None:
    post_id = await create(world, "post")
    await publish(world, post_id, "post", at=world.clock.now + timedelta(hours=1))
    query = GetPublishedContent(kind="post", slug="shipping")
    with pytest.raises(NotFound):
        await get_published_content(query, world.deps)
    world.clock.advance(hours=1)
    assert (await get_published_content(query, world.deps)).status == "published"
    assert world.contents.rows[post_id].status == "scheduled"


async def test_unpublished_and_archived_content_disappear_publicly(world: World) -> None:
    page_id = await create(world)
    await publish(world, page_id)
    await unpublish_content(UnpublishContent(kind="page", id=page_id), world.deps)
    with pytest.raises(NotFound):
        await get_published_content(GetPublishedContent(kind="page", slug="shipping"), world.deps)
    await publish(world, page_id)
    await archive_content(ArchiveContent(kind="page", id=page_id), world.deps)
    with pytest.raises(NotFound):
        await get_published_content(GetPublishedContent(kind="page", slug="shipping"), world.deps)
    assert world.uow.types()[1:] == [
        "PagePublished",
        "PageUnpublished",
        "PagePublished",
        "PageArchived",
    ]


async def test_deleting_removes_the_content_and_commits_a_deleted_snapshot(world: World) -> None:
    post_id = await create(world, "post", tags=("news",))
    await delete_content(DeleteContent(kind="post", id=post_id), world.deps)
    assert world.contents.rows == {}
    deleted = world.uow.committed[-1]
    assert world.uow.types()[-1] == "PostDeleted"
    assert (deleted.id, deleted.snapshot.tags) == (post_id, ("news",))


async def test_live_posts_are_listed_newest_first_in_pages(world: World) -> None:
    ids = []
    for day in range(5):
        post_id = await create(world, "post", title=f"Post {day}")
        await publish(world, post_id, "post", at=world.clock.now - timedelta(days=10 - day))
        ids.append(post_id)
    await create(world, "post", title="Draft")
    later = await create(world, "post", title="Later")
    await publish(world, later, "post", at=world.clock.now + timedelta(days=1))

    first = await list_published_posts(ListPublishedPosts(limit=3), world.deps)
    second = await list_published_posts(ListPublishedPosts(limit=3, cursor=first.next_cursor), world.deps)
    assert [i.id for i in first.items + second.items] == ids[::-1]
    assert second.next_cursor is None


async def test_live_posts_can_be_filtered_by_tag(world: World) -> None:
    news = await create(world, "post", title="News", tags=("news",))
    other = await create(world, "post", title="Other", tags=("sale",))
    for post_id in (news, other):
        await publish(world, post_id, "post")
    page = await list_published_posts(ListPublishedPosts(tag="news"), world.deps)
    assert [i.id for i in page.items] == [news]


async def test_staff_list_filters_by_status_as_of_now(world: World) -> None:
    draft = await create(world, title="Draft")
    live = await create(world, title="Live")
    soon = await create(world, title="Soon")
    await publish(world, live)
    await publish(world, soon, at=world.clock.now + timedelta(minutes=5))

    async def listed(status):
        return [i.id for i in (await list_content(ListContent(kind="page", status=status), world.deps)).items]

    assert await listed("draft") == [draft]
    assert await listed("published") == [live]
    assert await listed("scheduled") == [soon]
    world.clock.advance(minutes=5)
    assert set(await listed("published")) == {live, soon}
    assert len(await listed(None)) == 3


async def test_a_bad_cursor_or_limit_is_invalid_naming_the_field(world: World) -> None:
    for query, field in [
        (ListContent(kind="page", cursor="not-a-cursor"), "cursor"),
        (ListContent(kind="page", limit=0), "limit"),
        (ListPublishedPosts(cursor="WyJ4Il0"), "cursor"),
    ]:
        handler = list_content if isinstance(query, ListContent) else list_published_posts
        with pytest.raises(Invalid) as caught:
            await handler(query, world.deps)
        assert caught.value.errors[0].field == field


async def test_index_snapshots_page_through_published_and_scheduled_content_only(world: World) -> None:
    listed = []
    for number in range(3):
        content_id = await create(world, "post" if number % 2 else "page", title=f"Item {number}")
        await publish(
            world,
            content_id,
            "post" if number % 2 else "page",
            at=world.clock.now + timedelta(days=number - 1),
        )
        listed.append(content_id)
    await create(world, title="Draft")

    first = await list_content_for_index(ListContentForIndex(limit=2), world.deps)
    rest = await list_content_for_index(ListContentForIndex(limit=2, cursor=first.next_cursor), world.deps)
    snapshots = first.items + rest.items
    assert sorted(s.id for s in snapshots) == sorted(listed)
    assert {s.status for s in snapshots} == {"published", "scheduled"}
    assert all("<" not in s.text for s in snapshots)
