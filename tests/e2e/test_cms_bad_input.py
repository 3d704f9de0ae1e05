"""Bad input to the cms routes: a 4xx problem naming the field, never a 500, nothing written."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.test_cms import create, database_state
from tests.support.problems import assert_problem

UNKNOWN = str(uuid.uuid4())
# Past the year 9999 in UTC, or the first and last instants (kept by PostgreSQL as -infinity and infinity).
EDGE_TIMES = (
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
)


@pytest.fixture
def editor(staff_headers) -> dict[str, str]:
    return staff_headers("cms:read", "cms:write")


@pytest.fixture
async def existing(client, editor) -> dict[str, Any]:
    page = await create(client, editor, title="Taken", slug="taken")
    other = await create(client, editor, title="Other", slug="other")
    banner = await client.post(
        "/admin/cms/banners", json={"title": "B", "image_url": "/b.png", "placement": "home"}, headers=editor
    )
    return {"page": page, "other": other, "banner": banner.json()}


async def test_malformed_json_is_a_400_and_writes_nothing(client, editor, existing, settings) -> None:
    before = await database_state(settings)
    json_headers = {**editor, "content-type": "application/json"}
    for method, url in [
        ("POST", "/admin/cms/pages"),
        ("PATCH", f"/admin/cms/pages/{existing['page']['id']}"),
        ("POST", "/admin/cms/banners"),
        ("POST", f"/admin/cms/pages/{existing['page']['id']}/publish"),
    ]:
        response = await client.request(method, url, content=b'{"title": "x",', headers=json_headers)
        assert_problem(response, 400)
    assert await database_state(settings) == before


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/admin/cms/pages", {"body": "no title"}, 400, "title"),
        ("/admin/cms/pages", {"title": 5}, 400, "title"),
        ("/admin/cms/pages", {"title": "x", "body_format": "rtf"}, 400, "body_format"),
        ("/admin/cms/pages", {"title": "x", "tags": ["pages-have-none"]}, 400, "tags"),
        ("/admin/cms/pages", {"title": "   "}, 422, "title"),
        ("/admin/cms/pages", {"title": "x" * 201}, 400, "title"),
        ("/admin/cms/pages", {"title": "x", "slug": "Not A Slug"}, 422, "slug"),
        ("/admin/cms/pages", {"title": "!!!"}, 422, "slug"),
        ("/admin/cms/pages", {"title": "x", "seo_description": "d" * 501}, 400, "seo_description"),
        ("/admin/cms/pages", {"title": "Taken", "slug": "taken"}, 409, "slug"),
        ("/admin/cms/posts", {"title": "x", "tags": "news"}, 400, "tags"),
        ("/admin/cms/posts", {"title": "x", "tags": ["t" * 41]}, 400, "tags[0]"),
        ("/admin/cms/posts", {"title": "x", "tags": [f"t{i}" for i in range(21)]}, 400, "tags"),
        ("/admin/cms/banners", {"title": "B", "image_url": "/b.png"}, 400, "placement"),
        (
            "/admin/cms/banners",
            {"title": "B", "image_url": "/b.png", "placement": "p", "priority": "top"},
            400,
            "priority",
        ),
        (
            "/admin/cms/banners",
            {"title": "B", "image_url": "/b.png", "placement": "p", "priority": 10**7},
            400,
            "priority",
        ),
        (
            "/admin/cms/banners",
            {"title": "B", "image_url": "/b.png", "placement": "p", "starts_at": "2030-01-01T00:00:00"},
            400,
            "starts_at",
        ),
        *(
            (
                "/admin/cms/banners",
                {"title": "B", "image_url": "/b.png", "placement": "p", name: edge},
                422,
                name,
            )
            for name in ("starts_at", "ends_at")
            for edge in EDGE_TIMES
        ),
    ],
)
async def test_bad_create_is_a_problem_naming_the_field_and_writes_nothing(
    client, editor, existing, settings, path, body, status, field
) -> None:
    before = await database_state(settings)
    assert_problem(await client.post(path, json=body, headers=editor), status, field)
    assert await database_state(settings) == before


async def test_a_post_takes_twenty_tags_of_forty_characters_as_its_schema_says(client, editor) -> None:
    tags = ["t" * 40, *(f"t{i}" for i in range(19))]

    created = await client.post("/admin/cms/posts", json={"title": "x", "tags": tags}, headers=editor)
    changed = await client.patch(
        f"/admin/cms/posts/{created.json()['id']}", json={"tags": [*tags, "one-more"]}, headers=editor
    )

    assert created.status_code == 201, created.text
    assert created.json()["tags"] == tags
    assert_problem(changed, 400, "tags")


async def test_bad_updates_are_problems_naming_the_field_and_write_nothing(
    client, editor, existing, settings
) -> None:
    page, banner = existing["page"]["id"], existing["banner"]["id"]
    before = await database_state(settings)
    cases = [
        (f"/admin/cms/pages/{page}", {"slug": "other"}, 409, "slug"),
        (f"/admin/cms/pages/{page}", {"title": None}, 400, "title"),
        (f"/admin/cms/pages/{page}", {"body_format": "pdf"}, 400, "body_format"),
        (f"/admin/cms/pages/{page}", {"title": "New", "slug": "Bad Slug"}, 422, "slug"),
        (f"/admin/cms/banners/{banner}", {"image_url": "javascript:alert(1)"}, 422, "image_url"),
        (
            f"/admin/cms/banners/{banner}",
            {"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"},
            422,
            "ends_at",
        ),
    ]
    for url, body, status, field in cases:
        assert_problem(await client.patch(url, json=body, headers=editor), status, field)
    publish = await client.post(
        f"/admin/cms/pages/{page}/publish", json={"publish_at": "2030-01-01T00:00:00"}, headers=editor
    )
    assert_problem(publish, 400, "publish_at")
    for edge in EDGE_TIMES:
        too_far = await client.post(
            f"/admin/cms/pages/{page}/publish", json={"publish_at": edge}, headers=editor
        )
        assert_problem(too_far, 422, "publish_at")
    assert await database_state(settings) == before


async def test_unknown_ids_are_404_problems_on_every_id_route(client, editor, existing, settings) -> None:
    before = await database_state(settings)
    post_route_with_page_id = f"/admin/cms/posts/{existing['page']['id']}"
    cases = [("GET", post_route_with_page_id, None)]
    for collection in ("pages", "posts", "banners"):
        cases += [
            ("GET", f"/admin/cms/{collection}/{UNKNOWN}", None),
            ("PATCH", f"/admin/cms/{collection}/{UNKNOWN}", {"title": "x"}),
            ("DELETE", f"/admin/cms/{collection}/{UNKNOWN}", None),
            ("GET", f"/admin/cms/{collection}/not-a-uuid", None),
        ]
    for collection in ("pages", "posts"):
        cases += [
            ("POST", f"/admin/cms/{collection}/{UNKNOWN}/{action}", None)
            for action in ("publish", "unpublish", "archive")
        ]
    for method, url, body in cases:
        assert_problem(await client.request(method, url, json=body, headers=editor), 404)
    assert await database_state(settings) == before


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/cms/posts?limit=0", 400, "limit"),
        ("/cms/posts?limit=101", 400, "limit"),
        ("/cms/posts?cursor=%25%25%25", 422, "cursor"),
        ("/cms/posts?cursor=WyJ4Il0", 422, "cursor"),
        ("/cms/banners?limit=abc", 400, "limit"),
        ("/cms/banners?cursor=WyJ4Il0", 422, "cursor"),
        ("/admin/cms/pages?status=live", 400, "status"),
        ("/admin/cms/pages?cursor=WzEsMl0", 422, "cursor"),
        ("/admin/cms/banners?limit=-1", 400, "limit"),
    ],
)
async def test_bad_list_parameters_are_problems_naming_the_parameter(
    client, editor, url, status, field
) -> None:
    assert_problem(await client.get(url, headers=editor), status, field)
