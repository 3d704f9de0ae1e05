"""``GET /metrics`` of a running app: what an operator's Prometheus sees."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

import asyncpg
import msgspec
from litestar.testing import AsyncTestClient
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from config.settings import Settings
from tests.support.eventually import eventually
from tests.support.problems import assert_problem
from tests.support.shop import STAFF, buy, open_shop

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: Any, headers: dict[str, str] | None = None) -> Samples:
    reply = await client.get("/metrics", headers=headers or {})
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(reply.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def total(samples: Samples, name: str, **labels: str) -> float:
    """The sum over every series of ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, found), v in samples.items() if n == name and wanted <= found)


async def test_requests_are_counted_by_route_template_and_status_with_latency_buckets(client) -> None:
    for _ in range(3):
        assert (await client.get("/products")).status_code == 200
    for _ in range(2):
        assert (await client.get(f"/products/{uuid.uuid4()}")).status_code == 404
    assert (await client.get(f"/no-such-page/{uuid.uuid4()}")).status_code == 404

    samples = await scrape(client)

    assert value(samples, "mercato_http_requests_total", route="/products", method="GET", status="200") == 3
    routes = {dict(labels)["route"] for name, labels in samples if name == "mercato_http_requests_total"}
    assert not any(re.search(r"[0-9a-f]{8}-[0-9a-f]{4}", r) for r in routes), routes  # templates, not raw ids
    by_id = [r for r in routes if r.startswith("/products/{")]
    assert len(by_id) == 1, routes
    assert value(samples, "mercato_http_requests_total", route=by_id[0], method="GET", status="404") == 2
    assert value(samples, "mercato_http_requests_total", route="unmatched", method="GET", status="404") == 1
    histogram = "mercato_http_request_duration_seconds"
    assert value(samples, f"{histogram}_bucket", route="/products", method="GET", le="+Inf") == 3
    assert value(samples, f"{histogram}_count", route="/products", method="GET") == 3
    assert (value(samples, f"{histogram}_sum", route="/products", method="GET") or 0) > 0
    assert value(samples, f"{histogram}_bucket", route="/products", method="GET", le="0.005") is not None


async def test_bus_messages_outbox_lag_and_the_database_pool_are_exported(client, staff_headers) -> None:
    staff = staff_headers("catalog:read", "catalog:write")
    body = {
        "name": "Metered mug",
        "variants": [{"sku": "METER-1", "price": {"amount": 990, "currency": "EUR"}}],
    }
    made = await client.post("/admin/products", json=body, headers=staff)
    assert made.status_code == 201, made.text

    async def published() -> Samples | None:
        samples = await scrape(client)
        return (
            samples if total(samples, "mercato_bus_messages_total", stage="published", outcome="ok") else None
        )

    samples = await eventually(published, within=20)

    handled = total(samples, "mercato_bus_messages_total", stage="handled", outcome="ok")
    assert handled >= 1, "subscribers' handler runs are counted"
    types = {dict(labels)["type"] for name, labels in samples if name == "mercato_bus_messages_total"}
    assert any(t.startswith("catalog.") for t in types), types
    assert value(samples, "mercato_outbox_backlog") is not None
    assert (value(samples, "mercato_outbox_oldest_age_seconds") or 0) >= 0
    assert value(samples, "mercato_db_pool_max_connections") == 4  # the fixture's db_pool_size
    open_ = value(samples, "mercato_db_pool_connections") or 0
    idle = value(samples, "mercato_db_pool_idle_connections")
    assert idle is not None and 1 <= open_ <= 4 and 0 <= idle <= open_


async def test_an_event_that_cannot_be_published_shows_as_outbox_backlog_with_its_age(
    client, database_url: str
) -> None:
    envelope = {
        "id": str(uuid.uuid4()),
        "type": "catalog.NoSuchEvent",  # no process knows it: the relay keeps retrying it
        "key": "k",
        "correlation_id": "c",
        "occurred_at": "2026-01-01T00:00:00Z",
        "payload": None,
    }
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            "INSERT INTO runtime_outbox (id, type, key, envelope, created_at)"
            " VALUES ($1, $2, 'k', $3, now() - interval '90 seconds')",
            uuid.UUID(envelope["id"]),
            envelope["type"],
            msgspec.json.encode(envelope),
        )
    finally:
        await connection.close()

    samples = await scrape(client)

    assert value(samples, "mercato_outbox_backlog") == 1
    assert 90 <= (value(samples, "mercato_outbox_oldest_age_seconds") or 0) < 600


async def test_queued_actor_work_shows_as_mailbox_depth(client) -> None:
    portal = client.blocking_portal  # the app's actors live on the test client's loop
    actors = client.app.state.services.actors
    release = await asyncio.to_thread(portal.call, _event)

    async def hold() -> None:
        await release.wait()

    calls = [portal.start_task_soon(actors.call, "probe", "key-1", hold) for _ in range(3)]
    try:

        async def queued() -> Samples | None:
            samples = await scrape(client)
            return samples if value(samples, "mercato_actor_mailbox_depth", domain="probe") == 2 else None

        samples = await eventually(queued, within=10)  # one runs, two wait
        assert value(samples, "mercato_actors", domain="probe") == 1
        assert value(samples, "mercato_actor_mailbox_max_depth", domain="probe") == 2
    finally:
        await asyncio.to_thread(portal.call, _set, release)
        for call in calls:
            await asyncio.wrap_future(call)


async def _event() -> asyncio.Event:
    return asyncio.Event()


async def _set(event: asyncio.Event) -> None:
    event.set()


async def test_an_order_counts_with_its_revenue_and_a_declined_checkout_counts_by_reason(
    client, staff_headers
) -> None:
    method_id = await open_shop(client, staff_headers(*STAFF), "METER-MUG", units=5, price=1999)

    paid = await buy(client, "METER-MUG", method_id, quantity=2)
    assert paid.status_code == 201, paid.text
    amount = paid.json()["totals"]["total"]["amount"]
    declined = await buy(client, "METER-MUG", method_id, token="decline")
    assert_problem(declined, 402)

    async def placed() -> Samples | None:
        samples = await scrape(client)
        return samples if value(samples, "mercato_orders_placed_total", currency="EUR") else None

    samples = await eventually(placed, within=20)
    assert value(samples, "mercato_orders_placed_total", currency="EUR") == 1
    assert value(samples, "mercato_revenue_minor_units_total", currency="EUR") == amount
    failed = {
        dict(labels)["reason"]: v
        for (name, labels), v in samples.items()
        if name == "mercato_checkouts_failed_total"
    }
    assert sum(failed.values()) == 1, failed
    assert next(iter(failed)) != "http_402", "the reason names the problem, not just the status"


async def test_a_metrics_token_protects_the_endpoint(settings: Settings) -> None:
    protected = msgspec.structs.replace(settings, metrics_token="scrape-secret-0123")
    async with AsyncTestClient(app=create_app(protected)) as client:
        assert_problem(await client.get("/metrics"), 401)
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert_problem(wrong, 401)
        samples = await scrape(client, {"Authorization": "Bearer scrape-secret-0123"})
        assert value(samples, "mercato_db_pool_max_connections") == 4


async def test_circuit_breakers_show_their_state(client) -> None:
    import pytest

    breakers = pytest.importorskip("core.breaker")
    breaker = breakers.breaker("metrics.probe")

    samples = await scrape(client)

    states = {"closed": 0, "half_open": 1, "open": 2}
    assert value(samples, "mercato_breaker_state", breaker="metrics.probe") == states[breaker.state]
