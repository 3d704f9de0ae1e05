"""Banners over HTTP: staff CRUD and what the public sees now."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.test_cms import database_state, events, iso, now


@pytest.fixture
def editor(staff_headers) -> dict[str, str]:
    return staff_headers("cms:read", "cms:write")


async def add(client, editor, title: str, **body: Any) -> dict[str, Any]:
    body = {
        "title": title,
        "image_url": f"https://cdn.example.com/{title}.png",
        "placement": "home_hero",
        **body,
    }
    response = await client.post("/admin/cms/banners", json=body, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


async def live_titles(client, query: str = "") -> list[str]:
    response = await client.get(f"/cms/banners{query}")
    assert response.status_code == 200, response.text
    return [b["title"] for b in response.json()["items"]]


async def test_staff_create_read_update_list_and_delete_a_banner(client, editor, settings) -> None:
    banner = await add(client, editor, "summer", link_url="/sale", priority=3)
    assert (banner["placement"], banner["active"], banner["priority"]) == ("home_hero", True, 3)

    got = await client.get(f"/admin/cms/banners/{banner['id']}", headers=editor)
    assert got.status_code == 200
    assert got.json()["link_url"] == "/sale"

    patched = await client.patch(
        f"/admin/cms/banners/{banner['id']}", json={"active": False, "link_url": None}, headers=editor
    )
    assert patched.status_code == 200, patched.text
    assert (patched.json()["active"], patched.json()["link_url"], patched.json()["title"]) == (
        False,
        None,
        "summer",
    )

    listed = await client.get("/admin/cms/banners?placement=home_hero", headers=editor)
    assert [b["id"] for b in listed.json()["items"]] == [banner["id"]]

    assert (await client.delete(f"/admin/cms/banners/{banner['id']}", headers=editor)).status_code == 204
    assert (await client.get(f"/admin/cms/banners/{banner['id']}", headers=editor)).status_code == 404
    assert [t for t, _ in await events(settings)] == [
        "cms.BannerCreated",
        "cms.BannerUpdated",
        "cms.BannerDeleted",
    ]


async def test_public_banners_are_active_ones_inside_their_window_by_priority(client, editor) -> None:
    moment = now()
    await add(client, editor, "low", priority=1)
    await add(client, editor, "high", priority=9)
    await add(
        client,
        editor,
        "window",
        priority=5,
        starts_at=iso(moment - timedelta(hours=1)),
        ends_at=iso(moment + timedelta(hours=1)),
    )
    await add(client, editor, "future", priority=20, starts_at=iso(moment + timedelta(hours=1)))
    await add(
        client,
        editor,
        "ended",
        priority=20,
        starts_at=iso(moment - timedelta(days=2)),
        ends_at=iso(moment - timedelta(days=1)),
    )
    await add(client, editor, "inactive", priority=20, active=False)
    await add(client, editor, "footer", placement="footer")

    assert await live_titles(client, "?placement=home_hero") == ["high", "window", "low"]
    assert await live_titles(client, "?placement=footer") == ["footer"]
    assert set(await live_titles(client)) == {"high", "window", "low", "footer"}


async def test_public_banners_page_with_a_cursor_and_show_no_staff_fields(client, editor) -> None:
    for priority in range(3):
        await add(client, editor, f"p{priority}", priority=priority)
    first = (await client.get("/cms/banners?limit=2")).json()
    rest = (await client.get(f"/cms/banners?limit=2&cursor={first['next_cursor']}")).json()
    assert [b["title"] for b in first["items"] + rest["items"]] == ["p2", "p1", "p0"]
    assert rest["next_cursor"] is None
    assert "active" not in first["items"][0]
    assert "created_at" not in first["items"][0]


async def test_a_window_ending_before_it_starts_is_a_422_naming_ends_at_and_changes_nothing(
    client, editor, settings
) -> None:
    banner = await add(client, editor, "ok", starts_at=iso(now()))
    before = await database_state(settings)
    body = {
        "title": "bad",
        "image_url": "/b.png",
        "placement": "home_hero",
        "starts_at": iso(now()),
        "ends_at": iso(now() - timedelta(days=1)),
    }
    created = await client.post("/admin/cms/banners", json=body, headers=editor)
    patched = await client.patch(
        f"/admin/cms/banners/{banner['id']}",
        json={"ends_at": iso(now() - timedelta(days=1)), "title": "changed"},
        headers=editor,
    )
    for response in (created, patched):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert [e["field"] for e in response.json()["errors"]] == ["ends_at"]
    assert await database_state(settings) == before


async def test_unsafe_banner_urls_are_422s_naming_the_field(client, editor, settings) -> None:
    before = await database_state(settings)
    body = {
        "title": "x",
        "image_url": "javascript:alert(1)",
        "link_url": "data:text/html,x",
        "placement": "Home Hero",
    }
    response = await client.post("/admin/cms/banners", json=body, headers=editor)
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"image_url", "link_url", "placement"}
    assert await database_state(settings) == before
