"""The contract of the idempotency store port: every IdempotencyStore adapter must pass all of it.

Run against PostgreSQL (a fresh database per test) and Redis (``REDIS_URL``; skipped when unset),
each test under its own scope. A lease or TTL of 0 seconds has lapsed by the next call, so
takeovers and expiry are tested without waiting.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from core.idempotency import IdempotencyStore, StoredReply
from tests.support.redis_keys import forget

LEASE, TTL = 60.0, 3600.0
FIRST = "f" * 64
OTHER = "0" * 64
REPLY = StoredReply(
    status=201,
    body=b'{"id": 1, "raw": "\xff\x00"}',
    headers=[("content-type", "application/json"), ("x-order-token", "tok-1"), ("location", "/orders/1")],
)


@pytest.fixture
async def postgres_store(database_url: str) -> AsyncIterator[IdempotencyStore]:
    from adapters.idempotency.postgres import PgIdempotencyStore

    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=4)
    store = PgIdempotencyStore(pool)
    try:
        yield store
    finally:
        await store.close()
        await pool.close()


@pytest.fixture
async def redis_store() -> AsyncIterator[IdempotencyStore]:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis idempotency store is not tested")
    from adapters.idempotency.redis import RedisIdempotencyStore

    prefix = f"test:idempotency:{uuid.uuid4().hex}:"
    store = RedisIdempotencyStore.from_url(url, prefix=prefix)
    try:
        yield store
    finally:
        await store.close()
        await forget(url, prefix)


@pytest.fixture(params=["postgres", "redis"])
def store(request: pytest.FixtureRequest) -> IdempotencyStore:
    found: IdempotencyStore = request.getfixturevalue(f"{request.param}_store")
    return found


@pytest.fixture
def scope() -> str:
    return f"test.{uuid.uuid4().hex}"


async def test_the_first_use_of_a_key_claims_it(store: IdempotencyStore, scope: str) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert claim.outcome == "new"
    assert claim.token


async def test_a_finished_key_replays_the_stored_reply_to_the_same_request(
    store: IdempotencyStore, scope: str
) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert await store.finish(scope, "k1", claim.token, REPLY, ttl=TTL)

    again = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert again.outcome == "replay"
    assert again.reply == REPLY
    assert (await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)).reply == REPLY


async def test_the_same_key_for_another_request_is_a_mismatch_running_or_done(
    store: IdempotencyStore, scope: str
) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert (await store.begin(scope, "k1", OTHER, lease=LEASE, ttl=TTL)).outcome == "mismatch"

    await store.finish(scope, "k1", claim.token, REPLY, ttl=TTL)
    assert (await store.begin(scope, "k1", OTHER, lease=LEASE, ttl=TTL)).outcome == "mismatch"


async def test_a_key_whose_request_still_runs_is_in_flight(store: IdempotencyStore, scope: str) -> None:
    await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    again = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert again.outcome == "in_flight"
    assert again.reply is None


async def test_concurrent_claims_of_one_key_give_it_to_exactly_one(
    store: IdempotencyStore, scope: str
) -> None:
    claims = await asyncio.gather(*(store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL) for _ in range(10)))
    assert sorted(c.outcome for c in claims) == ["in_flight"] * 9 + ["new"]


async def test_a_lapsed_lease_lets_a_retry_take_the_key_over(store: IdempotencyStore, scope: str) -> None:
    crashed = await store.begin(scope, "k1", FIRST, lease=0, ttl=TTL)
    retry = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert retry.outcome == "new"
    assert retry.token != crashed.token

    late = StoredReply(status=201, body=b"late", headers=[])
    assert not await store.finish(scope, "k1", crashed.token, late, ttl=TTL)
    assert await store.finish(scope, "k1", retry.token, REPLY, ttl=TTL)
    assert (await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)).reply == REPLY


async def test_a_lapsed_lease_is_not_taken_over_by_another_request(
    store: IdempotencyStore, scope: str
) -> None:
    await store.begin(scope, "k1", FIRST, lease=0, ttl=TTL)
    assert (await store.begin(scope, "k1", OTHER, lease=LEASE, ttl=TTL)).outcome == "mismatch"


async def test_a_released_key_is_free_for_a_retry(store: IdempotencyStore, scope: str) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    await store.release(scope, "k1", claim.token)
    assert (await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)).outcome == "new"


async def test_only_the_owner_of_a_claim_can_release_or_finish_it(
    store: IdempotencyStore, scope: str
) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    await store.release(scope, "k1", "not-the-owner")
    assert not await store.finish(scope, "k1", "not-the-owner", REPLY, ttl=TTL)
    assert (await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)).outcome == "in_flight"

    await store.finish(scope, "k1", claim.token, REPLY, ttl=TTL)
    await store.release(scope, "k1", claim.token)  # a stored reply is no longer a claim to release
    assert (await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)).outcome == "replay"


async def test_an_expired_reply_is_forgotten_and_the_key_reusable(
    store: IdempotencyStore, scope: str
) -> None:
    claim = await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    await store.finish(scope, "k1", claim.token, REPLY, ttl=0)

    reused = await store.begin(scope, "k1", OTHER, lease=LEASE, ttl=TTL)
    assert reused.outcome == "new"


async def test_an_abandoned_claim_expires_with_its_ttl(store: IdempotencyStore, scope: str) -> None:
    await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=0)
    assert (await store.begin(scope, "k1", OTHER, lease=LEASE, ttl=TTL)).outcome == "new"


async def test_keys_of_different_scopes_or_names_do_not_meet(store: IdempotencyStore, scope: str) -> None:
    await store.begin(scope, "k1", FIRST, lease=LEASE, ttl=TTL)
    assert (await store.begin(f"{scope}.other", "k1", FIRST, lease=LEASE, ttl=TTL)).outcome == "new"
    assert (await store.begin(scope, "k2", FIRST, lease=LEASE, ttl=TTL)).outcome == "new"


async def test_postgres_sweeps_expired_keys_away(postgres_store, database_url: str, scope: str) -> None:
    done = await postgres_store.begin(scope, "old", FIRST, lease=LEASE, ttl=TTL)
    await postgres_store.finish(scope, "old", done.token, REPLY, ttl=0)
    await postgres_store.begin(scope, "live", FIRST, lease=LEASE, ttl=TTL)

    assert await postgres_store.sweep() == 1
    conn = await asyncpg.connect(database_url)
    try:
        keys = await conn.fetch("SELECT key FROM runtime_idempotency WHERE scope = $1", scope)
    finally:
        await conn.close()
    assert [row["key"] for row in keys] == ["live"]
