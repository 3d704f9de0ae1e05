"""Who may call which cms route: staff routes need a staff token with cms:read / cms:write."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_cms import create, database_state

READS = [
    ("GET", "/admin/cms/pages", None),
    ("GET", "/admin/cms/pages/{page}", None),
    ("GET", "/admin/cms/posts", None),
    ("GET", "/admin/cms/posts/{post}", None),
    ("GET", "/admin/cms/banners", None),
    ("GET", "/admin/cms/banners/{banner}", None),
]
WRITES = [
    ("POST", "/admin/cms/pages", {"title": "New"}),
    ("PATCH", "/admin/cms/pages/{page}", {"title": "X"}),
    ("POST", "/admin/cms/pages/{page}/publish", None),
    ("POST", "/admin/cms/pages/{page}/unpublish", None),
    ("POST", "/admin/cms/pages/{page}/archive", None),
    ("DELETE", "/admin/cms/pages/{page}", None),
    ("POST", "/admin/cms/posts", {"title": "New"}),
    ("PATCH", "/admin/cms/posts/{post}", {"title": "X"}),
    ("POST", "/admin/cms/posts/{post}/publish", None),
    ("POST", "/admin/cms/posts/{post}/unpublish", None),
    ("POST", "/admin/cms/posts/{post}/archive", None),
    ("DELETE", "/admin/cms/posts/{post}", None),
    ("POST", "/admin/cms/banners", {"title": "B", "image_url": "/b.png", "placement": "home_hero"}),
    ("PATCH", "/admin/cms/banners/{banner}", {"title": "X"}),
    ("DELETE", "/admin/cms/banners/{banner}", None),
]


@pytest.fixture
def editor(staff_headers) -> dict[str, str]:
    return staff_headers("cms:read", "cms:write")


@pytest.fixture
async def targets(client, editor) -> dict[str, str]:
    """Existing ids, so that only the guard can stop a request."""
    page = await create(client, editor, title="Target page")
    post = await create(client, editor, "posts", title="Target post")
    banner = await client.post(
        "/admin/cms/banners", json={"title": "T", "image_url": "/t.png", "placement": "home"}, headers=editor
    )
    return {"page": page["id"], "post": post["id"], "banner": banner.json()["id"]}


async def statuses(
    client, routes: list[tuple[str, str, Any]], targets: dict[str, str], headers: dict[str, str]
) -> dict[str, int]:
    found = {}
    for method, path, body in routes:
        url = path.format(**targets)
        response = await client.request(method, url, json=body, headers=headers)
        found[f"{method} {path}"] = response.status_code
        if response.status_code in (401, 403):
            assert response.headers["content-type"].startswith("application/problem+json")
    return found


async def test_staff_routes_without_a_token_are_401_and_change_nothing(client, targets, settings) -> None:
    before = await database_state(settings)
    found = await statuses(client, READS + WRITES, targets, {})
    assert {route for route, status in found.items() if status != 401} == set()
    assert await database_state(settings) == before


async def test_staff_routes_with_a_bad_token_are_401(client, targets) -> None:
    found = await statuses(client, READS + WRITES, targets, {"Authorization": "Bearer not.a.token"})
    assert {route for route, status in found.items() if status != 401} == set()


async def test_staff_routes_with_a_customer_token_are_403_and_change_nothing(
    client, targets, customer_headers, settings
) -> None:
    before = await database_state(settings)
    found = await statuses(client, READS + WRITES, targets, customer_headers)
    assert {route for route, status in found.items() if status != 403} == set()
    assert await database_state(settings) == before


async def test_staff_without_cms_permissions_get_403_and_change_nothing(
    client, targets, staff_headers, settings
) -> None:
    before = await database_state(settings)
    found = await statuses(client, READS + WRITES, targets, staff_headers("catalog:write"))
    assert {route for route, status in found.items() if status != 403} == set()
    assert await database_state(settings) == before


async def test_cms_read_lets_staff_read_but_not_write(client, targets, staff_headers, settings) -> None:
    reader = staff_headers("cms:read")
    before = await database_state(settings)
    writes = await statuses(client, WRITES, targets, reader)
    assert {route for route, status in writes.items() if status != 403} == set()
    assert await database_state(settings) == before
    reads = await statuses(client, READS, targets, reader)
    assert {route for route, status in reads.items() if status != 200} == set()


async def test_public_cms_routes_need_no_token(client) -> None:
    assert (await client.get("/cms/posts")).status_code == 200
    assert (await client.get("/cms/banners")).status_code == 200
    assert (await client.get("/cms/pages/anything")).status_code == 404
    assert (await client.get("/cms/posts/anything")).status_code == 404


async def test_every_cms_route_is_documented_with_an_operation_id_summary_tags_and_errors(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    operations = [
        (path, operation)
        for path, item in schema["paths"].items()
        if path.startswith(("/cms", "/admin/cms"))
        for operation in item.values()
    ]
    assert len(operations) == 25
    for path, operation in operations:
        assert operation["operationId"], path
        assert operation["summary"], path
        assert operation["tags"], path
        assert any(code.startswith("4") for code in operation["responses"]), path


async def test_the_schema_shows_the_limits_the_server_enforces_on_cms_bodies(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    bodies = schema["components"]["schemas"]

    def field(body: str, name: str) -> dict[str, Any]:
        """The field's schema, merged with its non-null arm when it may be null."""
        found = bodies[body]["properties"][name]
        arms = [arm for arm in found.get("oneOf", []) if arm.get("type") != "null"]
        return {**found, **(arms[0] if arms else {})}

    assert field("PageCreate", "title")["maxLength"] == 200
    assert field("PageCreate", "slug")["maxLength"] == 120
    assert field("PageCreate", "seo_description")["maxLength"] == 500
    assert sorted(field("PageCreate", "body_format")["enum"]) == ["html", "markdown"]
    assert field("BannerCreate", "image_url")["maxLength"] == 2000
    assert field("BannerCreate", "link_url")["maxLength"] == 2000
    assert (field("BannerCreate", "priority")["minimum"], field("BannerCreate", "priority")["maximum"]) == (
        -1_000_000,
        1_000_000,
    )
    assert field("BannerCreate", "starts_at")["format"] == "date-time"
