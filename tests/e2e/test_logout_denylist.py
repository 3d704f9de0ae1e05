"""A revoked session's access token stops working at once: logout, session revocation, refresh
reuse, in one process, across processes sharing Redis, and across split-mode processes (NATS)."""

from __future__ import annotations

import asyncio
import os

import httpx
import pytest

from tests.e2e.test_identity import bearer, log_in, register
from tests.e2e.test_identity_admin import create_staff
from tests.e2e.test_split import free_port, process, ready, split_env  # noqa: F401 - split_env is a fixture
from tests.support.eventually import eventually
from tests.support.problems import assert_problem


async def test_logging_out_makes_the_access_token_401(client) -> None:
    await register(client)
    pair, other = await log_in(client), await log_in(client)
    assert (await client.get("/auth/sessions", headers=bearer(pair))).status_code == 200
    assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204
    body = assert_problem(await client.get("/auth/sessions", headers=bearer(pair)), 401)
    assert "revoked" in body["detail"]
    assert_problem(await client.get("/me", headers=bearer(pair)), 401)
    assert (await client.get("/auth/sessions", headers=bearer(other))).status_code == 200


async def test_deleting_a_session_makes_its_access_token_401_and_spares_the_callers(client, tokens) -> None:
    await register(client)
    laptop, phone = await log_in(client), await log_in(client)
    phone_session = tokens.verify(phone["access_token"]).session_id
    assert (await client.delete(f"/auth/sessions/{phone_session}", headers=bearer(laptop))).status_code == 204
    assert_problem(await client.get("/auth/sessions", headers=bearer(phone)), 401)
    assert (await client.get("/auth/sessions", headers=bearer(laptop))).status_code == 200


async def test_a_reused_refresh_token_makes_the_familys_access_tokens_401(client) -> None:
    await register(client)
    first = await log_in(client)
    second = (await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert (await client.get("/auth/sessions", headers=bearer(second))).status_code == 200
    reused = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(reused, 401)
    assert_problem(await client.get("/auth/sessions", headers=bearer(second)), 401)
    assert_problem(await client.get("/auth/sessions", headers=bearer(first)), 401)


async def test_a_staff_token_is_401_on_admin_routes_after_logout(client, staff_headers) -> None:
    await create_staff(client, staff_headers("staff:manage"), roles=["admin"])
    pair = (
        await client.post(
            "/admin/auth/login", json={"email": "ed@example.com", "password": "correct horse battery"}
        )
    ).json()
    assert (await client.get("/admin/products", headers=bearer(pair))).status_code == 200
    assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204
    assert_problem(await client.get("/admin/products", headers=bearer(pair)), 401)


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set: the Redis revocation feed is not tested")
    return url


async def test_two_processes_sharing_redis_both_refuse_a_logged_out_token(split_env, redis_url) -> None:  # noqa: F811
    import domains

    env = {k: v for k, v in split_env.items() if k not in ("NATS_URL", "MERCATO_BUS")}
    env.update(REDIS_URL=redis_url, MERCATO_BUS="inprocess")
    every = ",".join(domains.NAMES)
    with process(every, free_port(), env) as one, process(every, free_port(), env) as two:
        await asyncio.gather(ready(one), ready(two))
        async with httpx.AsyncClient(base_url=one) as client:
            await register(client)
            pair = await log_in(client)

            async def sessions(status: int, base: str = two) -> bool:
                return (await client.get(f"{base}/auth/sessions", headers=bearer(pair))).status_code == status

            assert await sessions(200)
            assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204
            await eventually(lambda: sessions(401), within=10)
            with process(every, free_port(), env) as later:  # started after the logout
                await ready(later)
                assert await sessions(401, later)


async def test_split_mode_processes_refuse_a_token_logged_out_in_the_identity_process(split_env) -> None:  # noqa: F811
    with (
        process("identity", free_port(), split_env) as identity,
        process("customers", free_port(), split_env) as customers,
    ):
        await asyncio.gather(ready(identity), ready(customers))
        async with httpx.AsyncClient(base_url=identity) as client:
            await register(client)
            pair = await log_in(client)

            async def profile(status: int, base: str = customers) -> bool:
                return (await client.get(f"{base}/me", headers=bearer(pair))).status_code == status

            await eventually(lambda: profile(200), within=30)  # the profile follows CustomerRegistered
            assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204
            await eventually(lambda: profile(401), within=10)
            with process("customers", free_port(), split_env) as later:  # started after the logout
                await ready(later)
                assert await profile(401, later)
