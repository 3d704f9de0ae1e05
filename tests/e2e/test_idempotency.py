"""Idempotency-Key over HTTP, through a test-only route that counts the work it does.

The app runs in the test's own event loop (lifespan driven by hand, requests through httpx's ASGI
transport) so two requests can really overlap: the route waits on a gate the test opens.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import msgspec
import pytest
from litestar import Litestar, Request, Response, post
from litestar.params import JSONBody

from config.settings import Settings
from core.domain import Domain
from core.errors import Conflict, FieldError, Unavailable
from core.http import errors
from core.idempotency import IDEMPOTENCY_ERRORS, REPLAYED_HEADER, IdempotencyKey, idempotent
from tests.support.problems import assert_problem

KEY = {"Idempotency-Key": "6b1f4a2e-3f0c-4b8e-9a55-0c1d2e3f4a5b"}


class OrderIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    item: str


class OrderOut(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    item: str


@dataclass
class Work:
    """What the probe route did, and what it should do next."""

    calls: int = 0
    failures: list[BaseException] = field(default_factory=list)
    entered: asyncio.Event = field(default_factory=asyncio.Event)
    gate: asyncio.Event | None = None


@post(
    "/probe/orders",
    operation_id="probe_create_order",
    summary="Test-only: make an order number",
    tags=["probe"],
    responses=errors(*IDEMPOTENCY_ERRORS, 503),
    response_headers=[REPLAYED_HEADER],
)
async def create_order(
    request: Request[Any, Any, Any], data: JSONBody[OrderIn], idempotency_key: IdempotencyKey = None
) -> Response[OrderOut]:
    work: Work = request.app.state.work

    async def respond() -> Response[Any]:
        work.calls += 1
        number = work.calls
        if work.gate is not None:
            work.entered.set()
            await work.gate.wait()
        if work.failures:
            raise work.failures.pop(0)
        headers = {"X-Order-Token": f"token-{number}", "Location": f"/probe/orders/{number}"}
        return Response(OrderOut(number=number, item=data.item), status_code=201, headers=headers)

    return await idempotent(request, "probe.orders", respond)


@contextlib.asynccontextmanager
async def served(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """``app`` with its lifespan running in this event loop, and a client calling it in-process."""
    asgi: Any = app  # the ASGI callable, typed loosely for the hand-driven lifespan
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    life = asyncio.create_task(asgi({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, outbox.put))
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        await asyncio.gather(life, return_exceptions=True)
        pytest.fail(f"the app did not start: {started.get('message', started)}")
    try:
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop") as client:
            yield client
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await life


def probe_app(settings: Settings) -> tuple[Litestar, Work]:
    from app import create_app

    app = create_app(settings, hosted=[Domain(name="probe", routes=[create_order])])
    work = Work()
    app.state.work = work
    return app, work


@pytest.fixture
async def shop(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, Work]]:
    app, work = probe_app(settings)
    async with served(app) as client:
        yield client, work


async def test_a_retry_with_the_same_key_and_body_gets_the_first_reply_and_the_work_is_done_once(
    shop,
) -> None:
    client, work = shop
    first = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)
    again = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() == {"number": 1, "item": "tea"}
    for header in ("x-order-token", "location", "content-type"):
        assert again.headers[header] == first.headers[header]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert work.calls == 1


async def test_requests_without_a_key_are_each_done(shop) -> None:
    client, work = shop
    for _ in range(2):
        assert (await client.post("/probe/orders", json={"item": "tea"})).status_code == 201
    assert work.calls == 2


async def test_the_same_key_with_another_body_is_a_422_naming_the_header(shop) -> None:
    client, work = shop
    await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)
    reused = await client.post("/probe/orders", json={"item": "coffee"}, headers=KEY)

    assert_problem(reused, 422, field="Idempotency-Key")
    assert work.calls == 1


async def test_another_caller_reusing_a_key_gets_a_422_not_the_first_callers_reply(
    shop, customer_headers: dict[str, str]
) -> None:
    client, work = shop
    await client.post("/probe/orders", json={"item": "tea"}, headers={**KEY, **customer_headers})
    stranger = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)

    assert_problem(stranger, 422, field="Idempotency-Key")
    assert work.calls == 1


async def test_a_second_request_while_the_first_runs_is_a_409_and_the_first_completes(shop) -> None:
    client, work = shop
    work.gate = asyncio.Event()
    first = asyncio.create_task(client.post("/probe/orders", json={"item": "tea"}, headers=KEY))
    await work.entered.wait()

    second = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)
    work.gate.set()

    problem = assert_problem(second, 409, field="Idempotency-Key")
    assert "still being processed" in problem["detail"]
    assert second.headers["retry-after"] == "1"
    assert (await first).status_code == 201
    assert work.calls == 1


@pytest.mark.parametrize(
    ("failure", "status"), [(Unavailable("the payment provider is down"), 503), (RuntimeError("bug"), 500)]
)
async def test_a_5xx_leaves_the_key_free_for_a_retry(shop, failure: BaseException, status: int) -> None:
    client, work = shop
    work.failures = [failure]
    failed = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)
    retried = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)

    assert_problem(failed, status)
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers
    assert retried.json() == {"number": 2, "item": "tea"}


async def test_a_4xx_problem_is_stored_and_replayed_without_doing_the_work_again(shop) -> None:
    client, work = shop
    work.failures = [Conflict("not enough stock", errors=[FieldError("quantity", "only 2 left")])]
    refused = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)
    again = await client.post("/probe/orders", json={"item": "tea"}, headers=KEY)

    assert_problem(refused, 409, field="quantity")
    assert again.status_code == 409
    assert again.json() == refused.json()
    assert again.headers["content-type"] == refused.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert work.calls == 1


@pytest.mark.parametrize("key", ["k" * 256, "caf\u00e9", ""])
async def test_a_malformed_key_is_a_400_naming_the_header(shop, key: str) -> None:
    client, work = shop
    headers = {"Idempotency-Key": key.encode("latin-1")}
    refused = await client.post("/probe/orders", json={"item": "tea"}, headers=headers)

    assert_problem(refused, 400, field="Idempotency-Key")
    assert work.calls == 0


async def test_openapi_documents_the_header_the_replay_marker_and_the_errors(shop) -> None:
    client, _ = shop
    operation = (await client.get("/schema/openapi.json")).json()["paths"]["/probe/orders"]["post"]

    [header] = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header"
    assert not header["required"]
    assert header["schema"]["maxLength"] == 255
    assert {"400", "409", "422"} <= set(operation["responses"])
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]


async def test_with_redis_url_set_the_keys_live_in_redis(settings: Settings) -> None:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis idempotency store is not tested")
    import redis.asyncio as aioredis

    from adapters.idempotency.redis import PREFIX

    app, work = probe_app(msgspec.structs.replace(settings, redis_url=url))
    key = {"Idempotency-Key": os.urandom(8).hex()}
    async with served(app) as client:
        first = await client.post("/probe/orders", json={"item": "tea"}, headers=key)
        again = await client.post("/probe/orders", json={"item": "tea"}, headers=key)
    redis = aioredis.Redis.from_url(url)
    try:
        stored = await redis.exists(f"{PREFIX}probe.orders:{key['Idempotency-Key']}")
        await redis.delete(f"{PREFIX}probe.orders:{key['Idempotency-Key']}")
    finally:
        await redis.aclose()

    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert work.calls == 1
    assert stored == 1
