"""Request limits over HTTP: per IP, per customer, per API key and per route group, answered with
429 problem+json, ``Retry-After`` and the IETF ``RateLimit-*`` headers; and one budget shared by
two server processes over Redis."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from core.ratelimit import NEVER_LIMITED
from tests.e2e.test_split import free_port, process, ready, split_env
from tests.support.problems import assert_problem

__all__ = ["split_env"]


async def app_client(settings: Settings, **limits: Any) -> AsyncIterator[AsyncTestClient[Litestar]]:
    from app import create_app

    async with AsyncTestClient(app=create_app(msgspec.structs.replace(settings, **limits))) as client:
        yield client


def limited(response: Any, limit: int) -> dict[str, Any]:
    """A 429 problem with Retry-After and RateLimit headers; the problem."""
    problem = assert_problem(response, 429)
    assert int(response.headers["retry-after"]) >= 1
    assert response.headers["ratelimit-limit"] == str(limit)
    assert response.headers["ratelimit-remaining"] == "0"
    assert int(response.headers["ratelimit-reset"]) >= 1
    assert problem["type"].endswith("/rate_limited")
    return problem


@pytest.fixture
async def per_ip(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async for client in app_client(settings, rate_limit_ip=5, rate_limit_window=600.0):
        yield client


async def test_an_ip_over_its_limit_gets_429_with_retry_after_and_ratelimit_headers(per_ip) -> None:
    remaining = []
    for _ in range(5):
        response = await per_ip.get("/products")
        assert response.status_code == 200, response.text
        assert response.headers["ratelimit-limit"] == "5"
        remaining.append(int(response.headers["ratelimit-remaining"]))
    assert remaining == [4, 3, 2, 1, 0]

    problem = limited(await per_ip.get("/products"), 5)
    assert problem["instance"] == "/products"
    assert int((await per_ip.get("/categories")).headers["retry-after"]) > 60  # one slot per 120 s

    # health, metrics and the API document are never limited
    for path in ("/health/live", "/schema/openapi.json"):
        response = await per_ip.get(path)
        assert response.status_code == 200, path
        assert "ratelimit-limit" not in response.headers


@pytest.fixture
async def per_customer(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async for client in app_client(settings, rate_limit_customer=3, rate_limit_window=600.0):
        yield client


async def test_each_customer_has_their_own_budget(per_customer, tokens) -> None:
    from core.security import Principal

    def customer() -> dict[str, str]:
        principal = Principal(subject=str(uuid.uuid4()), kind="customer", session_id=str(uuid.uuid4()))
        return {"Authorization": f"Bearer {tokens.issue(principal)}"}

    ann, bob = customer(), customer()
    for _ in range(3):
        assert (await per_customer.get("/me/addresses", headers=ann)).status_code == 200
    limited(await per_customer.get("/me/addresses", headers=ann), 3)
    limited(await per_customer.get("/products", headers=ann), 3)  # every route counts
    response = await per_customer.get("/me/addresses", headers=bob)
    assert response.status_code == 200
    assert response.headers["ratelimit-remaining"] == "2"
    assert (await per_customer.get("/products")).status_code == 200  # the IP's own budget is larger


async def test_a_bad_token_is_counted_by_ip_and_still_gets_its_401(per_customer) -> None:
    for _ in range(5):
        response = await per_customer.get("/me/addresses", headers={"Authorization": "Bearer nonsense"})
        assert_problem(response, 401)


def made_up_key() -> dict[str, str]:
    """An X-API-Key header no one issued, new each time."""
    return {"X-API-Key": "mk_" + uuid.uuid4().hex + uuid.uuid4().hex}


def signed_in_customer(tokens: Any) -> dict[str, str]:
    from core.security import Principal

    principal = Principal(subject=str(uuid.uuid4()), kind="customer", session_id=str(uuid.uuid4()))
    return {"Authorization": f"Bearer {tokens.issue(principal)}"}


async def test_a_made_up_api_key_beside_a_bearer_token_leaves_the_customer_s_budget(
    per_customer, tokens
) -> None:
    ann = signed_in_customer(tokens)
    for _ in range(3):
        response = await per_customer.get("/me/addresses", headers={**ann, **made_up_key()})
        assert response.status_code == 200, response.text  # the bearer token is the caller
    limited(await per_customer.get("/me/addresses", headers={**ann, **made_up_key()}), 3)
    limited(await per_customer.get("/me/addresses", headers=ann), 3)


@pytest.fixture
async def per_api_key(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async for client in app_client(settings, rate_limit_api_key=2, rate_limit_window=600.0):
        yield client


async def test_each_api_key_has_its_own_budget(per_api_key) -> None:
    first = {"X-API-Key": "mk_" + "a" * 40}
    for _ in range(2):
        assert (await per_api_key.get("/products", headers=first)).status_code == 200
    limited(await per_api_key.get("/products", headers=first), 2)
    assert (await per_api_key.get("/products", headers={"X-API-Key": "mk_" + "b" * 40})).status_code == 200


@pytest.fixture
async def per_group(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async for client in app_client(
        settings, rate_limit_groups=["auth=2", "search=3"], rate_limit_window=600.0
    ):
        yield client


async def test_a_route_group_has_its_own_tighter_limit(per_group) -> None:
    body = {"email": "ann@example.com", "password": "not the one"}
    for _ in range(2):
        assert_problem(await per_group.post("/auth/login", json=body), 401)
    limited(await per_group.post("/auth/login", json=body), 2)
    limited(await per_group.post("/auth/register", json=body), 2)  # the whole group shares it
    limited(await per_group.post("/admin/auth/login", json=body), 2)

    for _ in range(3):
        assert (await per_group.get("/search", params={"q": "mug"})).status_code == 200
    limited(await per_group.get("/search", params={"q": "mug"}), 3)

    response = await per_group.get("/products")  # the default group is not limited beyond the IP
    assert response.status_code == 200
    assert int(response.headers["ratelimit-remaining"]) > 500


async def test_made_up_api_keys_buy_no_fresh_group_budget_for_failed_logins(per_group) -> None:
    body = {"email": "ann@example.com", "password": "not the one"}
    for _ in range(2):
        assert_problem(await per_group.post("/auth/login", json=body, headers=made_up_key()), 401)
    limited(await per_group.post("/auth/login", json=body, headers=made_up_key()), 2)
    limited(await per_group.post("/auth/login", json=body), 2)  # one budget: the IP's


async def test_made_up_api_keys_buy_a_customer_no_fresh_group_budget(per_group, tokens) -> None:
    ann, bob = signed_in_customer(tokens), signed_in_customer(tokens)
    for _ in range(3):
        response = await per_group.get("/search", params={"q": "mug"}, headers={**ann, **made_up_key()})
        assert response.status_code == 200, response.text
    limited(await per_group.get("/search", params={"q": "mug"}, headers={**ann, **made_up_key()}), 3)
    limited(await per_group.get("/search", params={"q": "mug"}, headers=ann), 3)
    # the group's budget is the customer's, not the IP's: another customer still searches
    assert (await per_group.get("/search", params={"q": "mug"}, headers=bob)).status_code == 200


async def test_limits_can_be_switched_off(settings: Settings) -> None:
    async for client in app_client(settings, rate_limit_enabled=False, rate_limit_ip=1):
        for _ in range(3):
            response = await client.get("/products")
            assert response.status_code == 200
            assert "ratelimit-limit" not in response.headers


async def test_the_openapi_document_names_the_429(settings: Settings) -> None:
    async for client in app_client(settings):
        document = (await client.get("/schema/openapi.json")).json()
        for path, operations in document["paths"].items():
            if path.startswith(NEVER_LIMITED):
                continue
            for method, operation in operations.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    assert "429" in operation["responses"], f"{method.upper()} {path}"


async def test_two_processes_sharing_redis_share_one_budget(split_env: dict[str, str]) -> None:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: limits shared across processes need Redis")
    env = {
        **split_env,
        "REDIS_URL": redis_url,
        "MERCATO_RATE_LIMIT_IP": "6",
        "MERCATO_RATE_LIMIT_WINDOW": "600",
    }
    with (
        process("catalog", free_port(), env) as first,
        process("catalog", free_port(), env) as second,
    ):
        await asyncio.gather(ready(first), ready(second))
        async with httpx.AsyncClient() as client:
            replies = [await client.get(f"{base}/products") for _ in range(6) for base in (first, second)]
    statuses = [reply.status_code for reply in replies]
    assert statuses == [200] * 6 + [429] * 6, "the two processes count against one budget"
    assert [reply.headers["ratelimit-remaining"] for reply in replies[:6]] == ["5", "4", "3", "2", "1", "0"]
    assert all(int(reply.headers["retry-after"]) >= 1 for reply in replies[6:])
