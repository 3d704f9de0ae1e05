"""Brute force over HTTP: passwords, TOTP codes and coupon codes get a growing delay, then a lockout.

Each app runs with the shipped thresholds (a few free failures, then a delay doubling from 1 s, a
lockout at 10) and a short lockout window, so the lockout's end is waited for by polling.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import asyncpg
import httpx
import msgspec
import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from tests.e2e.test_cart_support import STAFF, add, new_cart, stocked
from tests.e2e.test_split import free_port, process, ready, split_env
from tests.support.eventually import eventually
from tests.support.problems import assert_problem
from tests.support.redis_keys import forget

PASSWORD = "correct horse battery"
STAFF_EMAIL = "security@example.com"
LOCKOUT_SECONDS = 5.0

__all__ = ["split_env"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shipped failure counts, delays 10x shorter, a 5 s lockout, a staff address for alerts.

    The request limit of the auth routes is raised: here the guard's own 429s are watched
    (test_rate_limits watches the request limits).
    """
    return msgspec.structs.replace(
        settings,
        lockout_delay=0.1,
        lockout_max_delay=0.4,
        lockout_seconds=LOCKOUT_SECONDS,
        staff_notify_email=STAFF_EMAIL,
        rate_limit_groups=["auth=10000", "coupons=10000"],
    )


async def until_locked(attempt: Callable[[], Awaitable[Any]], wrong: int) -> list[int]:
    """Keep guessing, as fast as the delays allow, until the lockout answers; every status seen."""
    statuses: list[int] = []

    async def locked() -> bool:
        response = await attempt()
        statuses.append(response.status_code)
        if response.status_code != 429:
            assert response.status_code == wrong, response.text
            return False
        assert_problem(response, 429)
        return int(response.headers["retry-after"]) > 2  # the lockout, not one of the short delays

    await eventually(locked, within=30, pause=0.02)
    return statuses


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    from app import create_app

    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def register(client: Any, email: str) -> dict[str, Any]:
    response = await client.post("/auth/register", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def log_in(client: Any, email: str, password: str = PASSWORD, **extra: Any) -> Any:
    return await client.post("/auth/login", json={"email": email, "password": password, **extra})


async def staff_alerts(settings: Settings) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(settings.database_url)
    try:
        return await conn.fetch(
            "SELECT recipient, subject, body FROM notifications_messages WHERE event = 'account_locked'"
        )
    finally:
        await conn.close()


async def test_200_rapid_failed_logins_end_in_429s_and_the_password_works_after_the_lockout(
    client, settings
) -> None:
    await register(client, "ann@example.com")

    async def guess() -> Any:
        return await log_in(client, "ann@example.com", "wrong password")

    rapid = []
    for _ in range(200):
        response = await guess()
        rapid.append(response.status_code)
        if response.status_code == 429:
            problem = assert_problem(response, 429)
            assert int(response.headers["retry-after"]) >= 1
            assert "try again later" in problem["detail"]
    assert set(rapid) == {401, 429}
    assert rapid.index(429) == settings.lockout_free_failures + 1, "the delay starts after a few failures"

    statuses = rapid + await until_locked(guess, 401)
    assert statuses.count(401) == settings.lockout_failures, "no password is tried past the lockout"

    # locked: even the right password is refused, with the time to wait
    locked = await log_in(client, "ann@example.com")
    assert_problem(locked, 429)
    assert 2 < int(locked.headers["retry-after"]) <= LOCKOUT_SECONDS

    async def signed_in() -> bool:
        return bool((await log_in(client, "ann@example.com")).status_code == 200)

    await eventually(signed_in, within=6 * LOCKOUT_SECONDS, pause=0.2)
    # the success cleared the account's count: more wrong passwords are plain 401s again
    for _ in range(settings.lockout_free_failures):
        assert_problem(await guess(), 401)


async def test_concurrent_guesses_on_two_processes_try_no_more_passwords_than_sequential_ones(
    split_env: dict[str, str],
) -> None:
    """Real servers (the test client answers one request at a time), sharing Redis: each guess is
    counted before its password is checked, so a burst cannot slip past the delay together."""
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("REDIS_URL is not set: attempts shared across processes need Redis")
    free = 3
    env = {
        **split_env,
        "REDIS_URL": redis_url,
        "MERCATO_RATE_LIMIT_GROUPS": "auth=10000",
        "MERCATO_LOCKOUT_FREE_FAILURES": str(free),
    }
    body = {"email": "nobody@example.com", "password": "a guess"}
    try:
        with (
            process("identity", free_port(), env) as first,
            process("identity", free_port(), env) as second,
        ):
            await asyncio.gather(ready(first), ready(second))
            async with httpx.AsyncClient(timeout=60) as http:
                replies = await asyncio.gather(
                    *(
                        http.post(f"{base}/auth/login", json=body)
                        for _ in range(25)
                        for base in (first, second)
                    )
                )
    finally:
        await forget(redis_url, f"{split_env['MERCATO_NATS_PREFIX']}:ratelimit:")
    statuses = [reply.status_code for reply in replies]
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses.count(401) <= free + 1, statuses


async def test_a_lockout_alerts_staff_once(client, settings) -> None:
    async def guess() -> Any:
        return await log_in(client, "nobody@example.com", "guess")

    await until_locked(guess, 401)
    for _ in range(20):
        assert_problem(await guess(), 429)

    async def alerted() -> list[asyncpg.Record]:
        return await staff_alerts(settings)

    alerts = await eventually(alerted, within=10)
    assert [a["recipient"] for a in alerts] == [STAFF_EMAIL]
    assert "nobody@example.com" in alerts[0]["subject"]
    assert f"{settings.lockout_failures} failed login attempts" in alerts[0]["body"]


async def test_an_unknown_email_is_delayed_exactly_like_a_known_one(client, settings) -> None:
    await register(client, "ann@example.com")
    known = [(await log_in(client, "ann@example.com", "x")).status_code for _ in range(5)]
    unknown = [(await log_in(client, "bob@example.com", "x")).status_code for _ in range(5)]
    assert known == unknown


async def test_the_ip_is_delayed_across_accounts(client, settings) -> None:
    statuses = [
        (await log_in(client, f"user{n}@example.com", "guess")).status_code
        for n in range(settings.lockout_ip_free_failures + 5)
    ]
    assert statuses[: settings.lockout_ip_free_failures] == [401] * settings.lockout_ip_free_failures
    assert 429 in statuses, "one IP guessing many accounts is slowed down too"


async def test_staff_sign_in_is_guarded_the_same_way(client, settings) -> None:
    statuses = []
    for _ in range(30):
        response = await client.post("/admin/auth/login", json={"email": "boss@example.com", "password": "x"})
        statuses.append(response.status_code)
    assert statuses.index(429) <= settings.lockout_free_failures + 1
    assert statuses.count(401) <= settings.lockout_failures


async def test_guessing_the_totp_code_at_sign_in_is_locked_out(client, settings) -> None:
    await register(client, "ann@example.com")
    pair = (await log_in(client, "ann@example.com")).json()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    secret = (await client.post("/auth/mfa/totp", headers=headers)).json()["secret"]
    confirmed = await client.post(
        "/auth/mfa/totp/verify", headers=headers, json={"code": pyotp.TOTP(secret).now()}
    )
    assert confirmed.status_code == 204, confirmed.text

    # no code yet: the usual first step of a two-step sign-in, not a guess
    for _ in range(settings.lockout_free_failures + 3):
        assert_problem(await log_in(client, "ann@example.com"), 401, "totp_code")

    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"

    async def guess() -> Any:
        return await log_in(client, "ann@example.com", totp_code=wrong)

    rapid = [(await guess()).status_code for _ in range(40)]
    assert rapid.index(429) == settings.lockout_free_failures + 1
    statuses = rapid + await until_locked(guess, 401)
    assert statuses.count(401) == settings.lockout_failures
    assert_problem(await log_in(client, "ann@example.com", totp_code=pyotp.TOTP(secret).now()), 429)

    async def signed_in() -> bool:
        reply = await log_in(client, "ann@example.com", totp_code=pyotp.TOTP(secret).now())
        return bool(reply.status_code == 200)

    await eventually(signed_in, within=10 * LOCKOUT_SECONDS, pause=0.2)


async def test_guessing_the_code_that_confirms_totp_is_locked_out(client, settings) -> None:
    await register(client, "ann@example.com")
    pair = (await log_in(client, "ann@example.com")).json()
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    secret = (await client.post("/auth/mfa/totp", headers=headers)).json()["secret"]
    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"

    async def guess() -> Any:
        return await client.post("/auth/mfa/totp/verify", headers=headers, json={"code": wrong})

    rapid = [(await guess()).status_code for _ in range(40)]
    assert set(rapid) == {422, 429}
    assert rapid.index(429) == settings.lockout_free_failures + 1
    statuses = rapid + await until_locked(guess, 422)
    assert statuses.count(422) == settings.lockout_failures
    correct = await client.post(
        "/auth/mfa/totp/verify", headers=headers, json={"code": pyotp.TOTP(secret).now()}
    )
    assert_problem(correct, 429)


async def test_guessing_coupon_codes_is_slowed_per_cart_and_per_ip(
    client, settings, staff_headers: Callable[..., dict[str, str]]
) -> None:
    await stocked(client, staff_headers(*STAFF), ("MUG-1", 1000, 50))
    cart = await new_cart(client)
    await add(client, cart["id"], "MUG-1", 1)
    path = f"/carts/{cart['id']}/coupons"

    statuses = []
    for n in range(30):
        response = await client.post(path, json={"code": f"GUESS-{n}"})
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert int(response.headers["retry-after"]) >= 1
    assert set(statuses) == {422, 429}
    assert statuses.index(429) <= settings.lockout_free_failures + 1
    assert statuses.count(422) <= settings.lockout_failures

    # a fresh cart does not buy fresh guesses for long: the IP's count goes on
    tried = 0
    for _ in range(settings.lockout_ip_failures):
        other = await new_cart(client)
        await add(client, other["id"], "MUG-1", 1)
        reply = await client.post(f"/carts/{other['id']}/coupons", json={"code": f"GUESS-X{tried}"})
        tried += 1
        if reply.status_code == 429:
            break
        assert_problem(reply, 422, "code")
    assert tried <= settings.lockout_ip_free_failures, "the IP is delayed once its free failures are spent"
