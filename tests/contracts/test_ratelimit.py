"""The contract of the rate-limit store port: every RateLimitStore adapter must pass all of it.

Run against the memory store and Redis (``REDIS_URL``; skipped when unset), each Redis test under
its own key prefix. Windows are short and time is waited for by polling with a deadline.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from core.errors import Conflict, FieldError, Invalid, RateLimited, Unauthorized
from core.ratelimit import Attempts, LockoutPolicy, RateLimitStore, account_key, ip_key
from tests.support.redis_keys import forget

DEADLINE = 5.0


async def eventually(condition: Callable[[], Awaitable[bool]], deadline: float = DEADLINE) -> None:
    """Poll ``condition`` until it holds; fail after ``deadline`` seconds."""
    end = time.monotonic() + deadline
    while not await condition():
        assert time.monotonic() < end, "the condition did not hold in time"
        await asyncio.sleep(0.02)


@pytest.fixture
async def memory_store() -> AsyncIterator[RateLimitStore]:
    from adapters.ratelimit.memory import MemoryRateLimitStore

    store = MemoryRateLimitStore()
    yield store
    await store.close()


@pytest.fixture
def redis_prefix() -> str:
    return f"test:ratelimit:{uuid.uuid4().hex}:"


@pytest.fixture
async def redis_store(redis_prefix: str) -> AsyncIterator[RateLimitStore]:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis rate-limit store is not tested")
    from adapters.ratelimit.redis import RedisRateLimitStore

    store = RedisRateLimitStore.from_url(url, prefix=redis_prefix)
    try:
        yield store
    finally:
        await store.close()
        await forget(url, redis_prefix)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> RateLimitStore:
    found: RateLimitStore = request.getfixturevalue(f"{request.param}_store")
    return found


async def test_a_limit_lets_its_burst_through_then_refuses(store: RateLimitStore) -> None:
    decisions = [await store.hit("k", 5, 60.0) for _ in range(5)]
    assert all(d.allowed for d in decisions)
    assert [d.remaining for d in decisions] == [4, 3, 2, 1, 0]
    assert all(d.limit == 5 for d in decisions)

    refused = await store.hit("k", 5, 60.0)
    assert not refused.allowed
    assert refused.remaining == 0
    assert 0 < refused.reset_after <= 12.5  # one slot frees every window / limit seconds


async def test_keys_have_their_own_budgets(store: RateLimitStore) -> None:
    assert (await store.hit("a", 1, 60.0)).allowed
    assert not (await store.hit("a", 1, 60.0)).allowed
    assert (await store.hit("b", 1, 60.0)).allowed


async def test_a_slot_frees_after_window_over_limit(store: RateLimitStore) -> None:
    for _ in range(2):
        assert (await store.hit("k", 2, 0.4)).allowed
    refused = await store.hit("k", 2, 0.4)
    assert not refused.allowed and refused.reset_after <= 0.25

    async def allowed_again() -> bool:
        return (await store.hit("k", 2, 0.4)).allowed

    await eventually(allowed_again)


async def test_a_refused_request_spends_nothing(store: RateLimitStore) -> None:
    assert (await store.hit("k", 1, 0.3)).allowed
    for _ in range(20):
        assert not (await store.hit("k", 1, 0.3)).allowed

    async def allowed_again() -> bool:
        return (await store.hit("k", 1, 0.3)).allowed

    await eventually(allowed_again, deadline=1.0)  # the refusals did not push the budget back


async def test_several_limits_count_together_or_not_at_all(store: RateLimitStore) -> None:
    first = await store.hit_many([("wide", 10, 60.0), ("narrow", 1, 60.0)])
    assert [d.allowed for d in first] == [True, True]
    assert [d.remaining for d in first] == [9, 0]

    second = await store.hit_many([("wide", 10, 60.0), ("narrow", 1, 60.0)])
    assert [d.allowed for d in second] == [True, False]
    # the narrow limit refused the request: it did not count against the wide one
    assert (await store.hit("wide", 10, 60.0)).remaining == 8


async def test_concurrent_hits_never_exceed_the_limit(store: RateLimitStore) -> None:
    decisions = await asyncio.gather(*(store.hit("hot", 10, 60.0) for _ in range(60)))
    assert sum(d.allowed for d in decisions) == 10


async def test_failures_count_up_expire_and_clear(store: RateLimitStore) -> None:
    assert await store.failures("f") == 0
    assert [await store.fail("f", 60.0) for _ in range(3)] == [1, 2, 3]
    assert await store.failures("f") == 3
    await store.clear("f")
    assert await store.failures("f") == 0

    assert await store.fail("short", 0.2) == 1

    async def forgotten() -> bool:
        return await store.failures("short") == 0

    await eventually(forgotten)


async def test_a_lock_holds_for_its_time_and_a_longer_one_wins(store: RateLimitStore) -> None:
    assert await store.locked_for("l") == 0
    await store.lock("l", 30.0)
    assert 29.0 < await store.locked_for("l") <= 30.0
    await store.lock("l", 1.0)  # shorter: the 30 s lock stays
    assert await store.locked_for("l") > 29.0
    await store.clear("l")
    assert await store.locked_for("l") == 0

    await store.lock("brief", 0.2)
    assert await store.locked_for("brief") > 0

    async def unlocked() -> bool:
        return await store.locked_for("brief") == 0

    await eventually(unlocked)


async def test_attempts_delay_then_lock_and_success_clears_the_account(store: RateLimitStore) -> None:
    policy = LockoutPolicy(free=2, delay=0.05, max_delay=0.1, lock_after=5, lock_seconds=60.0, window=60.0)
    locked: list[tuple[str, int]] = []

    async def alert(key: str, failures: int, seconds: float) -> None:
        locked.append((key, failures))

    guard = Attempts(store, account=policy, ip=policy, on_lockout=alert)
    key = account_key("login", "Ann@Example.com")

    await guard.failed(key)
    await guard.failed(key)
    await guard.check(key)  # two failures are free
    await guard.failed(key)
    with pytest.raises(RateLimited) as delayed:
        await guard.check(key)
    assert delayed.value.retry_after == 1

    for _ in range(2):
        await guard.failed(key)
    with pytest.raises(RateLimited) as lockout:
        await guard.check(key)
    assert lockout.value.retry_after == 60
    assert locked == [(key, 5)]  # staff hear of it once

    await guard.succeeded(key, "login:ip:10.0.0.1")
    await guard.check(key)


async def test_a_success_never_clears_an_ip(store: RateLimitStore) -> None:
    policy = LockoutPolicy(free=0, delay=30.0, max_delay=30.0, lock_after=50, lock_seconds=60.0)
    guard = Attempts(store, account=policy, ip=policy)
    await guard.failed("login:ip:10.0.0.9")
    await guard.succeeded("login:account:ann@example.com", "login:ip:10.0.0.9")
    with pytest.raises(RateLimited):
        await guard.check("login:ip:10.0.0.9")


CALLER: Any = {"type": "http", "client": ("10.0.0.7", 40000), "headers": []}  # a scope, for the IP
SLOW = LockoutPolicy(free=3, delay=30.0, max_delay=30.0, lock_after=10, lock_seconds=60.0, window=60.0)
ROOMY_IP = LockoutPolicy(free=1000, lock_after=5000, lock_seconds=60.0, window=60.0)


async def concurrent_guesses(
    guard: Attempts, identity: str, count: int, outcome: BaseException | None
) -> tuple[int, list[BaseException | None]]:
    """``count`` guarded tries of ``identity`` at once, each held until all have been let in or
    refused, then ending in ``outcome`` (raised) or success; how many were tried, and each result."""
    tried = 0
    answered = 0
    gate = asyncio.Event()

    async def one() -> None:
        nonlocal tried, answered
        try:
            async with guard.guarding("login", identity, CALLER):
                tried += 1
                answered += 1
                await gate.wait()
                if outcome is not None:
                    raise outcome
        except RateLimited:
            answered += 1
            raise

    tasks = [asyncio.create_task(one()) for _ in range(count)]

    async def all_answered() -> bool:
        return answered == count

    await eventually(all_answered)
    gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    return tried, results


async def test_concurrent_guesses_against_one_account_are_tried_at_most_the_allowed_number(
    store: RateLimitStore,
) -> None:
    guard = Attempts(store, account=SLOW, ip=ROOMY_IP)
    tried, results = await concurrent_guesses(guard, "ann@example.com", 50, Unauthorized("wrong password"))

    # each try is counted before it is made: the free failures and the one that starts the delay
    assert tried == SLOW.free + 1
    assert sum(isinstance(r, Unauthorized) for r in results) == tried
    assert sum(isinstance(r, RateLimited) for r in results) == 50 - tried
    assert await store.failures(f"attempts:{account_key('login', 'ann@example.com')}") == tried
    with pytest.raises(RateLimited) as delayed:
        await guard.check(account_key("login", "ann@example.com"))
    assert delayed.value.retry_after == 30


async def test_a_concurrent_burst_never_gets_past_a_lockout(store: RateLimitStore) -> None:
    policy = LockoutPolicy(free=20, delay=0.0, max_delay=0.0, lock_after=5, lock_seconds=60.0, window=60.0)
    guard = Attempts(store, account=policy, ip=ROOMY_IP)
    tried, results = await concurrent_guesses(guard, "bob@example.com", 50, Invalid("wrong code"))
    assert tried == policy.lock_after
    assert sum(isinstance(r, RateLimited) for r in results) == 50 - tried
    with pytest.raises(RateLimited) as locked:
        await guard.check(account_key("login", "bob@example.com"))
    assert locked.value.retry_after == 60


async def test_tries_that_are_no_wrong_guess_give_their_reservation_back(store: RateLimitStore) -> None:
    guard = Attempts(store, account=SLOW, ip=LockoutPolicy(free=4, delay=30.0, lock_after=50))
    account = f"attempts:{account_key('login', 'ann@example.com')}"
    ip = f"attempts:{ip_key('login', CALLER)}"
    not_a_guess = {"totp_code": None}  # e.g. the second factor not sent yet

    async def tried(error: BaseException | None, *, clear: bool = True) -> None:
        async with guard.guarding("login", "ann@example.com", CALLER, fields=not_a_guess, clear=clear):
            if error is not None:
                raise error

    for error in (
        Unauthorized("send your TOTP code", errors=[FieldError("totp_code", "required")]),
        Conflict("not a guess"),
        RuntimeError("the bus broke"),
        asyncio.CancelledError(),
    ):
        for _ in range(SLOW.free + 3):  # past the free failures: any left-over count would delay
            with pytest.raises(type(error)):
                await tried(error)
        assert await store.failures(account) == 0, error
        assert await store.failures(ip) == 0, error

    for _ in range(3):  # wrong guesses keep their count, and an IP's count is not cleared by a success
        with pytest.raises(Unauthorized):
            await tried(Unauthorized("wrong password"))
    assert (await store.failures(account), await store.failures(ip)) == (3, 3)
    await tried(None, clear=False)  # a success that keeps the count neither adds nor clears
    assert (await store.failures(account), await store.failures(ip)) == (3, 3)
    await tried(None)
    assert (await store.failures(account), await store.failures(ip)) == (0, 3)

    # a reservation past the free failures delays other tries only while it is made
    guard = Attempts(store, account=SLOW, ip=ROOMY_IP)
    for _ in range(SLOW.free):
        with pytest.raises(Unauthorized):
            await tried(Unauthorized("wrong password"))
    with pytest.raises(Conflict):
        await tried(Conflict("not a guess"))
    await guard.check(account_key("login", "ann@example.com"), ip_key("login", CALLER))
    assert await store.failures(account) == SLOW.free


async def test_a_failure_named_for_another_kind_counts_there_alone(store: RateLimitStore) -> None:
    guard = Attempts(store, account=SLOW, ip=ROOMY_IP)
    second_factor = {"totp_code": "totp"}
    wrong_code = Unauthorized("wrong code", errors=[FieldError("totp_code", "wrong")])
    for _ in range(2):
        with pytest.raises(Unauthorized):
            async with guard.guarding("login", "ann@example.com", CALLER, fields=second_factor):
                raise wrong_code
    assert await store.failures(f"attempts:{account_key('totp', 'ann@example.com')}") == 2
    assert await store.failures(f"attempts:{account_key('login', 'ann@example.com')}") == 0
    assert await store.failures(f"attempts:{ip_key('totp', CALLER)}") == 2
    assert await store.failures(f"attempts:{ip_key('login', CALLER)}") == 0


async def test_redis_processes_share_one_budget(redis_store: RateLimitStore, redis_prefix: str) -> None:
    from adapters.ratelimit.redis import RedisRateLimitStore

    other = RedisRateLimitStore.from_url(os.environ["REDIS_URL"], prefix=redis_prefix)
    try:
        results = await asyncio.gather(
            *(s.hit("shared", 6, 60.0) for _ in range(10) for s in (redis_store, other))
        )
        assert sum(d.allowed for d in results) == 6
        await other.fail("f", 60.0)
        assert await redis_store.fail("f", 60.0) == 2
    finally:
        await other.close()


async def test_redis_counts_hits_let_through_in_process_soon(redis_store, redis_prefix: str) -> None:
    from adapters.ratelimit.redis import RedisRateLimitStore

    decisions = [await redis_store.hit("big", 1000, 600.0) for _ in range(300)]
    assert all(d.allowed for d in decisions)
    assert decisions[-1].remaining == 700

    other = RedisRateLimitStore.from_url(os.environ["REDIS_URL"], prefix=redis_prefix)
    try:

        async def counted() -> bool:
            return (await other.hit("big", 1000, 600.0)).remaining <= 700

        await eventually(counted)
    finally:
        await other.close()


async def test_redis_processes_overshoot_a_large_limit_by_a_tenth_at_most(
    redis_store, redis_prefix: str
) -> None:
    from adapters.ratelimit.redis import RedisRateLimitStore

    other = RedisRateLimitStore.from_url(os.environ["REDIS_URL"], prefix=redis_prefix)
    try:
        allowed = 0
        for _ in range(200):
            results = await asyncio.gather(*(s.hit("big", 200, 600.0) for s in (redis_store, other)))
            allowed += sum(d.allowed for d in results)
        assert 200 <= allowed <= 200 + 2 * 20
    finally:
        await other.close()


async def test_the_memory_store_runs_on_the_clock_it_is_given() -> None:
    from adapters.ratelimit.memory import MemoryRateLimitStore

    now = [1000.0]
    store = MemoryRateLimitStore(clock=lambda: now[0])
    assert (await store.hit("k", 1, 60.0)).allowed
    assert not (await store.hit("k", 1, 60.0)).allowed
    await store.lock("l", 10.0)
    now[0] += 60.0
    assert (await store.hit("k", 1, 60.0)).allowed
    assert await store.locked_for("l") == 0
