from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from core.errors import Conflict, Invalid
from domains.cms.messages import PageCreated, PagePublished, PostUnpublished
from domains.cms.model.content import Content
from tests.unit.cms.fakes import START

NOW = START


def fields(**given: Any) -> dict[str, Any]:
    base = {
        "title": "Shipping",
        "slug": "shipping",
        "body": "We ship **fast**.",
        "body_format": "markdown",
        "seo_title": None,
        "seo_description": None,
        "author": None,
        "tags": (),
    }
    return {**base, **given}


def draft(kind: str = "page", **given: Any) -> Content:
    return Content.draft(
        id=UUID("00000000-0000-4000-8000-000000000001"), kind=kind, fields=fields(**given), now=NOW
    )


def field_names(error: Invalid) -> set[str]:
    return {e.field for e in error.errors}


def test_new_content_is_a_draft_with_rendered_body_and_a_created_event() -> None:
    page = draft()
    assert page.status == "draft"
    assert page.publish_at is None
    assert page.body_html == "<p>We ship <strong>fast</strong>.</p>\n"
    assert page.body == "We ship **fast**."
    assert [type(e) for e in page.events] == [PageCreated]


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(Invalid) as caught:
        draft(title="  ", slug="Not A Slug", seo_description="x" * 501, author="a" * 121)
    assert field_names(caught.value) == {"title", "slug", "seo_description", "author"}


def test_pages_refuse_tags_and_posts_keep_them_cleaned() -> None:
    with pytest.raises(Invalid) as caught:
        draft(tags=("news",))
    assert field_names(caught.value) == {"tags"}
    post = draft("post", tags=(" News ", "news", "Sale"))
    assert post.tags == ("news", "sale")


def test_an_html_source_is_kept_sanitised() -> None:
    page = draft(body='<p>Hi</p><script>x()</script><img src="a.png" onerror="x()">', body_format="html")
    assert "script" not in page.body
    assert "onerror" not in page.body
    assert page.body == page.body_html


def test_publishing_without_a_time_makes_content_live_now() -> None:
    page = draft()
    page.publish(None, NOW)
    assert page.status == "published"
    assert page.publish_at == NOW
    assert page.live_at(NOW)
    assert isinstance(page.events[-1], PagePublished)


def test_publishing_for_a_future_time_schedules_and_goes_live_when_the_time_comes() -> None:
    page = draft()
    page.publish(NOW + timedelta(hours=1), NOW)
    assert page.status == "scheduled"
    assert not page.live_at(NOW)
    assert page.status_at(NOW + timedelta(hours=1)) == "published"
    assert page.live_at(NOW + timedelta(hours=2))


def test_publishing_for_a_past_time_is_live_and_keeps_that_date() -> None:
    page = draft()
    earlier = NOW - timedelta(days=3)
    page.publish(earlier, NOW)
    assert page.status == "published"
    assert page.publish_at == earlier


def test_publishing_published_content_again_is_a_conflict() -> None:
    page = draft()
    page.publish(None, NOW)
    with pytest.raises(Conflict):
        page.publish(None, NOW)


def test_a_schedule_can_be_moved_before_it_comes() -> None:
    page = draft()
    page.publish(NOW + timedelta(days=2), NOW)
    page.publish(NOW + timedelta(days=1), NOW)
    assert page.publish_at == NOW + timedelta(days=1)


def test_unpublishing_returns_to_draft_and_unpublishing_a_draft_is_a_conflict() -> None:
    post = draft("post")
    with pytest.raises(Conflict):
        post.unpublish(NOW)
    post.publish(None, NOW)
    post.unpublish(NOW)
    assert post.status == "draft"
    assert not post.live_at(NOW)
    assert isinstance(post.events[-1], PostUnpublished)


def test_archived_content_is_hidden_and_can_be_published_again() -> None:
    page = draft()
    page.publish(None, NOW)
    page.archive(NOW)
    assert not page.live_at(NOW)
    with pytest.raises(Conflict):
        page.archive(NOW)
    page.publish(None, NOW)
    assert page.live_at(NOW)


def test_editing_rerenders_the_body_and_keeps_untouched_fields() -> None:
    page = draft(seo_title="Ship")
    page.edit({"body": "Now *slower*."}, NOW + timedelta(minutes=1))
    assert page.body_html == "<p>Now <em>slower</em>.</p>\n"
    assert page.seo_title == "Ship"
    assert page.updated_at == NOW + timedelta(minutes=1)


def test_an_edit_with_a_bad_field_changes_nothing() -> None:
    page = draft()
    with pytest.raises(Invalid):
        page.edit({"title": "New", "slug": "Bad Slug"}, NOW)
    assert page.title == "Shipping"
    assert page.slug == "shipping"


def test_the_snapshot_carries_plain_text_for_search_and_no_html() -> None:
    post = draft(
        "post",
        body="# Big <b>news</b>\n\n<script>x()</script>\n\nRead **on**.",
        tags=("news",),
        seo_title="SEO",
        seo_description="Desc",
    )
    post.publish(None, NOW)
    snapshot = post.events[-1].snapshot
    assert snapshot.text == "Big news Read on."
    assert snapshot.excerpt == "Big news Read on."
    assert (snapshot.kind, snapshot.slug, snapshot.status, snapshot.publish_at) == (
        "post",
        "shipping",
        "published",
        NOW,
    )
    assert (snapshot.tags, snapshot.seo_title, snapshot.seo_description) == (("news",), "SEO", "Desc")
    assert "<" not in snapshot.text
