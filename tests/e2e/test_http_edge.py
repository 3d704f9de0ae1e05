"""What any client sending a malformed request gets back: a clear 4xx problem, never a 500, nothing written."""

from __future__ import annotations

import asyncpg

from tests.support.problems import assert_problem


async def customers(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM identity_customers"))
    finally:
        await conn.close()


async def test_a_body_nested_a_thousand_levels_deep_is_a_400(client, database_url) -> None:
    body = b'{"email": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    response = await client.post("/auth/register", content=body, headers={"content-type": "application/json"})
    assert_problem(response, 400)
    assert await customers(database_url) == 0


async def test_json_sent_as_plain_text_is_refused_with_415(client, database_url) -> None:
    body = b'{"email": "ann@example.com", "password": "correct horse battery"}'
    response = await client.post("/auth/register", content=body, headers={"content-type": "text/plain"})
    problem = assert_problem(response, 415)
    assert "application/json" in problem["detail"]
    assert "x-request-id" in response.headers
    assert await customers(database_url) == 0


async def test_a_form_post_is_refused_with_415(client) -> None:
    response = await client.post("/auth/login", data={"email": "ann@example.com", "password": "x"})
    assert_problem(response, 415)


async def test_json_with_a_charset_or_a_json_suffix_type_is_read(client) -> None:
    body = b'{"email": "ann@example.com", "password": "correct horse battery"}'
    plain = await client.post(
        "/auth/register", content=body, headers={"content-type": "application/json; charset=utf-8"}
    )
    assert plain.status_code == 201, plain.text
    suffixed = await client.post(
        "/auth/login", content=body, headers={"content-type": "application/vnd.mercato+json"}
    )
    assert suffixed.status_code == 200, suffixed.text


async def test_a_method_not_allowed_says_which_methods_are(client) -> None:
    response = await client.request("TRACE", "/brands")
    assert_problem(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "OPTIONS"}


async def test_options_lists_the_methods_of_every_controller_serving_the_path(client) -> None:
    response = await client.options("/admin/categories")
    assert response.status_code == 204
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "OPTIONS", "POST"}


async def test_a_nul_character_anywhere_in_a_body_is_a_422_naming_the_field(client, database_url) -> None:
    body = {"email": "ann@example.com", "password": "long-enough-1", "first_name": "A\u0000n"}
    problem = assert_problem(await client.post("/auth/register", json=body), 422)
    assert problem["errors"] == [{"field": "first_name", "message": "must not contain a NUL character"}]
    assert await customers(database_url) == 0


async def test_a_body_is_read_strictly_as_documented(client, database_url) -> None:
    body = {"email": "ann@example.com", "password": "long-enough-1", "first_name": 5}
    problem = assert_problem(await client.post("/auth/register", json=body), 400)
    assert problem["errors"][0]["field"] == "first_name"
    assert await customers(database_url) == 0
