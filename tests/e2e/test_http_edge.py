"""What any client sending a malformed request gets back: a clear 4xx problem, never a 500, nothing written."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from tests.e2e.test_api_keys import issue, key_manager, signed
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
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


async def test_options_lists_the_methods_of_every_controller_serving_the_path(client) -> None:
    response = await client.options("/admin/categories")
    assert response.status_code == 204
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS", "POST"}


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


PROBLEM_TYPE = "https://mercato.dev/problems/"


def assert_full_problem(response: Any, status: int) -> dict[str, Any]:
    """The one problem shape: a mercato type URI and the request's path as ``instance``."""
    problem = assert_problem(response, status)
    assert problem["type"].startswith(PROBLEM_TYPE), problem
    assert problem["instance"] == response.request.url.path, problem
    return problem


async def test_a_path_no_route_serves_is_a_full_problem_echoing_the_request_id(client) -> None:
    response = await client.get("/nonexistent", headers={"X-Request-ID": "abc123"})
    assert_full_problem(response, 404)
    assert response.headers["x-request-id"] == "abc123"


async def test_a_method_not_allowed_is_a_full_problem_with_a_minted_request_id(client) -> None:
    response = await client.delete("/products")
    assert_full_problem(response, 405)
    assert len(response.headers["x-request-id"]) >= 16


async def test_head_answers_as_get_without_the_body(client) -> None:
    for path in ("/products", "/health/live", "/health/ready"):
        got = await client.get(path, headers={"X-Request-ID": "same"})
        head = await client.head(path, headers={"X-Request-ID": "same"})
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers["content-length"] == got.headers["content-length"] == str(len(got.content))
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["x-request-id"] == "same"


async def test_head_of_a_path_without_get_is_a_405_and_allow_lists_head_beside_get(client) -> None:
    refused = await client.head("/auth/login")
    assert refused.status_code == 405
    assert refused.content == b""
    assert "HEAD" not in refused.headers["allow"]
    options = await client.options("/products")
    assert set(options.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


async def test_the_schema_gains_no_head_operations(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert not [path for path, item in schema["paths"].items() if "head" in item]


GUARDED_BY_CONTROLLER = ("/admin/staff", "/admin/roles", "/me", "/me/addresses", "/me/notifications")


async def test_a_preflight_needs_no_token_on_routers_whose_controllers_are_guarded(client) -> None:
    for path in (*GUARDED_BY_CONTROLLER, f"/admin/staff/{uuid.uuid4()}/roles"):
        response = await client.options(path, headers={"Origin": "https://shop.example"})
        assert response.status_code == 204, (path, response.text)
        assert "OPTIONS" in response.headers["allow"]


async def test_the_guarded_methods_still_need_a_token(client) -> None:
    for path in GUARDED_BY_CONTROLLER:
        assert_problem(await client.get(path), 401)
    assert_problem(await client.post("/admin/roles", json={"name": "x", "permissions": []}), 401)
    assert_problem(await client.post("/me/addresses", json={}), 401)


async def test_a_broken_body_is_a_full_problem(client) -> None:
    json_type = {"content-type": "application/json"}
    truncated = await client.post("/auth/login", content=b'{"email":', headers=json_type)
    not_utf8 = await client.post("/auth/login", content=b'{"email":"\xff"}', headers=json_type)
    huge_number = await client.post("/auth/login", content=b'{"email":1e400}', headers=json_type)
    for response in (truncated, not_utf8, huge_number):
        assert_full_problem(response, 400)
        assert "x-request-id" in response.headers


async def test_a_body_over_the_limit_is_a_full_problem(client) -> None:
    body = b'{"email": "' + b"a" * (11 * 1024 * 1024) + b'"}'
    response = await client.post("/auth/login", content=body, headers={"content-type": "application/json"})
    assert_full_problem(response, 413)


async def test_a_missing_body_is_named_in_readable_words(client) -> None:
    response = await client.post("/auth/login", headers={"content-type": "application/json"})
    problem = assert_full_problem(response, 400)
    assert problem["errors"] == [{"field": "body", "message": "a JSON body is required"}]


async def test_a_nul_in_a_query_or_path_parameter_is_a_422_naming_it(client) -> None:
    query = assert_full_problem(await client.get("/products?q=ab%00c"), 422)
    assert query["errors"] == [{"field": "q", "message": "must not contain a NUL character"}]
    path = assert_full_problem(await client.get("/products/a%00b"), 422)
    assert [error["field"] for error in path["errors"]] == ["id_or_slug"]


async def test_text_that_is_not_json_is_a_full_problem(client) -> None:
    response = await client.post("/auth/login", content=b"{}", headers={"content-type": "text/plain"})
    assert_full_problem(response, 415)


async def test_a_signed_head_is_checked_against_the_method_the_client_signed(client, tokens) -> None:
    manager = await key_manager(client, tokens, "api_keys:write", "catalog:read")
    key = await issue(client, manager, permissions=["catalog:read"], require_signature=True)
    head = await client.head("/admin/products", headers=signed(key, "HEAD", "/admin/products"))
    assert head.status_code == 200, head.headers
    assert head.content == b""
    signed_as_get = await client.head("/admin/products", headers=signed(key, "GET", "/admin/products"))
    assert signed_as_get.status_code == 401


async def test_a_401_says_how_to_authenticate(client) -> None:
    missing = await client.get("/me")
    forged = await client.get("/admin/orders", headers={"Authorization": "Bearer not-a-token"})

    for refused in (missing, forged):
        assert_problem(refused, 401)
        assert refused.headers["www-authenticate"] == 'Bearer realm="mercato"'
    assert "www-authenticate" not in (await client.get("/products")).headers
