"""Pages and posts over HTTP: staff CRUD, publishing, what the public sees, events."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import msgspec
import pytest

from core.messages import decode_envelope

ATTACK = (
    '<p>Hello</p><script>steal_cookies()</script><img src="/a.png" onerror="alert(1)">'
    '<a href="javascript:alert(1)">click</a><p onclick="alert(2)">World</p>'
)
# A script tag, an on* handler attribute, or a javascript: link/source, also inside JSON strings.
UNSAFE = re.compile(
    r'<script|steal_cookies|\son[a-z]+\s*=|(href|src)\s*=\s*\\?["\']?\s*javascript:', re.IGNORECASE
)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def now() -> datetime:
    return datetime.now(UTC)


async def fetch(settings: Any, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.database_url)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def events(settings: Any) -> list[tuple[str, dict[str, Any]]]:
    """The cms events in the outbox, oldest first, as (type, payload)."""
    rows = await fetch(settings, "SELECT envelope FROM runtime_outbox WHERE type LIKE 'cms.%' ORDER BY seq")
    envelopes = [decode_envelope(bytes(row["envelope"])) for row in rows]
    return [(e.type, msgspec.json.decode(e.payload)) for e in envelopes]


async def database_state(settings: Any) -> tuple[Any, ...]:
    """Everything a refused request must leave as it was."""
    content = await fetch(settings, "SELECT * FROM cms_content ORDER BY id")
    banners = await fetch(settings, "SELECT * FROM cms_banner ORDER BY id")
    outbox = await fetch(settings, "SELECT count(*) AS n FROM runtime_outbox")
    return [dict(r) for r in content], [dict(r) for r in banners], outbox[0]["n"]


@pytest.fixture
def editor(staff_headers) -> dict[str, str]:
    return staff_headers("cms:read", "cms:write")


async def create(client, editor, kind: str = "pages", **body: Any) -> dict[str, Any]:
    body.setdefault("title", "Shipping")
    response = await client.post(f"/admin/cms/{kind}", json=body, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


async def publish(client, editor, item: dict[str, Any], at: datetime | None = None) -> dict[str, Any]:
    kind = f"{item['kind']}s"
    body = None if at is None else {"publish_at": iso(at)}
    response = await client.post(f"/admin/cms/{kind}/{item['id']}/publish", json=body, headers=editor)
    assert response.status_code == 200, response.text
    return response.json()


async def test_staff_create_read_update_list_and_delete_a_page(client, editor) -> None:
    page = await create(client, editor, title="About us", body="We are **small**.", seo_title="About")
    assert (page["slug"], page["status"], page["kind"]) == ("about-us", "draft", "page")
    assert page["body_html"] == "<p>We are <strong>small</strong>.</p>\n"

    got = await client.get(f"/admin/cms/pages/{page['id']}", headers=editor)
    assert got.status_code == 200
    assert got.json()["seo_title"] == "About"

    patched = await client.patch(
        f"/admin/cms/pages/{page['id']}", json={"title": "Who we are", "seo_title": None}, headers=editor
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["title"], patched.json()["slug"], patched.json()["seo_title"]) == (
        "Who we are",
        "about-us",
        None,
    )

    listed = await client.get("/admin/cms/pages", headers=editor)
    assert [p["id"] for p in listed.json()["items"]] == [page["id"]]
    assert listed.json()["next_cursor"] is None

    deleted = await client.delete(f"/admin/cms/pages/{page['id']}", headers=editor)
    assert deleted.status_code == 204
    assert (await client.get(f"/admin/cms/pages/{page['id']}", headers=editor)).status_code == 404


async def test_staff_lists_page_through_with_a_cursor_and_filter_by_status(client, editor) -> None:
    created = [await create(client, editor, title=f"Page {n}") for n in range(5)]
    await publish(client, editor, created[0])
    await publish(client, editor, created[1], at=now() + timedelta(days=1))

    first = (await client.get("/admin/cms/pages?limit=3", headers=editor)).json()
    rest = (
        await client.get(f"/admin/cms/pages?limit=3&cursor={first['next_cursor']}", headers=editor)
    ).json()
    assert [p["id"] for p in first["items"] + rest["items"]] == [p["id"] for p in reversed(created)]
    assert rest["next_cursor"] is None

    async def with_status(status: str) -> list[str]:
        return [
            p["id"]
            for p in (await client.get(f"/admin/cms/pages?status={status}", headers=editor)).json()["items"]
        ]

    assert await with_status("published") == [created[0]["id"]]
    assert await with_status("scheduled") == [created[1]["id"]]
    assert len(await with_status("draft")) == 3


async def test_a_draft_page_is_a_404_problem_to_the_public(client, editor) -> None:
    await create(client, editor, title="Secret plans")
    response = await client.get("/cms/pages/secret-plans")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_published_page_is_shown_with_its_seo_fields_and_safe_html(client, editor) -> None:
    page = await create(
        client,
        editor,
        title="Returns",
        body="Send it **back**.",
        seo_title="Returns policy",
        seo_description="How to return",
    )
    published = await publish(client, editor, page)
    response = await client.get("/cms/pages/returns")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["body_html"] == "<p>Send it <strong>back</strong>.</p>\n"
    assert (body["seo_title"], body["seo_description"]) == ("Returns policy", "How to return")
    assert body["published_at"] == published["publish_at"]
    assert "body" not in body
    assert "status" not in body


async def test_a_page_scheduled_for_later_is_hidden_until_its_time_comes(client, editor, settings) -> None:
    page = await create(client, editor, title="Black Friday")
    scheduled = await publish(client, editor, page, at=now() + timedelta(hours=2))
    assert scheduled["status"] == "scheduled"
    assert (await client.get("/cms/pages/black-friday")).status_code == 404

    # Time passing: the stored schedule is now in the past; no scheduler has run.
    await fetch(
        settings,
        "UPDATE cms_content SET publish_at = now() - interval '1 minute' WHERE id = $1",
        uuid.UUID(page["id"]),
    )
    assert (await client.get("/cms/pages/black-friday")).status_code == 200
    staff_view = await client.get(f"/admin/cms/pages/{page['id']}", headers=editor)
    assert staff_view.json()["status"] == "published"


async def test_publishing_with_a_past_time_shows_the_page_at_once(client, editor) -> None:
    page = await create(client, editor, title="Old news")
    published = await publish(client, editor, page, at=now() - timedelta(days=30))
    assert published["status"] == "published"
    assert (await client.get("/cms/pages/old-news")).status_code == 200


async def test_unpublished_and_archived_pages_are_404s_again(client, editor) -> None:
    page = await create(client, editor, title="Promo")
    await publish(client, editor, page)
    unpublished = await client.post(f"/admin/cms/pages/{page['id']}/unpublish", headers=editor)
    assert unpublished.status_code == 200
    assert unpublished.json()["status"] == "draft"
    assert (await client.get("/cms/pages/promo")).status_code == 404

    await publish(client, editor, page)
    archived = await client.post(f"/admin/cms/pages/{page['id']}/archive", headers=editor)
    assert archived.status_code == 200
    assert archived.json()["status"] == "archived"
    assert (await client.get("/cms/pages/promo")).status_code == 404


async def test_publishing_twice_or_unpublishing_a_draft_is_a_409(client, editor) -> None:
    page = await create(client, editor)
    assert (await client.post(f"/admin/cms/pages/{page['id']}/unpublish", headers=editor)).status_code == 409
    await publish(client, editor, page)
    again = await client.post(f"/admin/cms/pages/{page['id']}/publish", headers=editor)
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")


async def test_public_posts_are_live_ones_newest_first_with_a_cursor_and_a_tag_filter(client, editor) -> None:
    posts = []
    for days_ago, tags in [(5, ["news"]), (3, ["sale"]), (1, ["news", "sale"])]:
        post = await create(client, editor, "posts", title=f"Post {days_ago}", tags=tags, author="Ana")
        await publish(client, editor, post, at=now() - timedelta(days=days_ago))
        posts.append(post)
    await create(client, editor, "posts", title="Draft post")
    future = await create(client, editor, "posts", title="Future post")
    await publish(client, editor, future, at=now() + timedelta(days=1))

    first = (await client.get("/cms/posts?limit=2")).json()
    rest = (await client.get(f"/cms/posts?limit=2&cursor={first['next_cursor']}")).json()
    assert [p["slug"] for p in first["items"] + rest["items"]] == ["post-1", "post-3", "post-5"]
    assert rest["next_cursor"] is None
    assert first["items"][0]["tags"] == ["news", "sale"]
    assert first["items"][0]["author"] == "Ana"

    tagged = (await client.get("/cms/posts?tag=News")).json()
    assert [p["slug"] for p in tagged["items"]] == ["post-1", "post-5"]


async def test_a_public_post_is_shown_by_slug_and_a_draft_or_future_one_is_404(client, editor) -> None:
    post = await create(client, editor, "posts", title="Hello world", body="First *post*", tags=["news"])
    assert (await client.get("/cms/posts/hello-world")).status_code == 404
    await publish(client, editor, post, at=now() + timedelta(hours=1))
    assert (await client.get("/cms/posts/hello-world")).status_code == 404
    await client.post(
        f"/admin/cms/posts/{post['id']}/publish", json={"publish_at": iso(now())}, headers=editor
    )
    shown = await client.get("/cms/posts/hello-world")
    assert shown.status_code == 200, shown.text
    assert (shown.json()["excerpt"], shown.json()["tags"]) == ("First post", ["news"])


async def test_script_handlers_and_javascript_urls_never_come_back_out(client, editor, settings) -> None:
    html_page = await create(client, editor, title="Html page", body=ATTACK, body_format="html")
    md_post = await create(
        client, editor, "posts", title="Md post", body=f"# Hi\n\n{ATTACK}\n\n[x](javascript:alert(3))"
    )
    for item in (html_page, md_post):
        await publish(client, editor, item)
    served = [
        (await client.get("/cms/pages/html-page")).text,
        (await client.get("/cms/posts/md-post")).text,
        (await client.get("/cms/posts")).text,
        (await client.get(f"/admin/cms/pages/{html_page['id']}", headers=editor)).text,
        md_post["body_html"],
        *(msgspec.json.encode(payload).decode() for _, payload in await events(settings)),
    ]
    assert [UNSAFE.search(text) for text in served] == [None] * len(served)
    page_html = (await client.get("/cms/pages/html-page")).json()["body_html"]
    assert page_html.startswith("<p>Hello</p>")
    assert "World" in page_html


async def test_every_change_commits_an_event_with_a_snapshot_for_search(client, editor, settings) -> None:
    post = await create(
        client,
        editor,
        "posts",
        title="Launch",
        body="# New <em>shop</em>\n\nOpen now.",
        tags=["news"],
        seo_title="Launch day",
        seo_description="We open",
    )
    await publish(client, editor, post)
    await client.patch(f"/admin/cms/posts/{post['id']}", json={"title": "Launch!"}, headers=editor)
    await client.post(f"/admin/cms/posts/{post['id']}/unpublish", headers=editor)
    await client.delete(f"/admin/cms/posts/{post['id']}", headers=editor)

    found = await events(settings)
    assert [t for t, _ in found] == [
        "cms.PostCreated",
        "cms.PostPublished",
        "cms.PostUpdated",
        "cms.PostUnpublished",
        "cms.PostDeleted",
    ]
    snapshot = found[1][1]["snapshot"]
    assert found[1][1]["id"] == post["id"]
    assert {
        k: snapshot[k]
        for k in ("id", "kind", "slug", "title", "status", "tags", "seo_title", "seo_description")
    } == {
        "id": post["id"],
        "kind": "post",
        "slug": "launch",
        "title": "Launch",
        "status": "published",
        "tags": ["news"],
        "seo_title": "Launch day",
        "seo_description": "We open",
    }
    assert snapshot["text"] == "New shop Open now."
    assert snapshot["excerpt"] == "New shop Open now."
    assert snapshot["publish_at"] is not None
    assert found[2][1]["snapshot"]["title"] == "Launch!"
    assert found[3][1]["snapshot"]["status"] == "draft"
