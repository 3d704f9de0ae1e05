"""Staff required to use TOTP (``staff_totp_required``): without it enrolled, signing in gives a token
that can only enrol it; once enrolled, signing in needs the code."""

from __future__ import annotations

from collections.abc import AsyncIterator

import msgspec
import pyotp
import pytest
from litestar.testing import AsyncTestClient

from tests.e2e.test_identity import PASSWORD, bearer
from tests.e2e.test_identity_admin import create_staff, staff_log_in
from tests.support.problems import assert_problem


@pytest.fixture
async def strict(settings) -> AsyncIterator[AsyncTestClient]:
    from app import create_app

    async with AsyncTestClient(
        app=create_app(msgspec.structs.replace(settings, staff_totp_required=True))
    ) as client:
        yield client


async def test_staff_without_totp_get_a_token_that_only_enrols_it_then_full_access(
    strict, staff_headers
) -> None:
    await create_staff(strict, staff_headers("staff:manage"), roles=["admin"])
    signed_in = await staff_log_in(strict)
    assert signed_in.status_code == 200, signed_in.text
    restricted = signed_in.json()
    refused = assert_problem(await strict.get("/admin/products", headers=bearer(restricted)), 403)
    assert "/auth/mfa/totp" in refused["detail"]
    assert_problem(await strict.get("/admin/staff", headers=bearer(restricted)), 403)
    body = {"name": "x", "permissions": ["catalog:read"]}
    assert_problem(await strict.post("/admin/api-keys", json=body, headers=bearer(restricted)), 403)

    enrolment = await strict.post("/auth/mfa/totp", headers=bearer(restricted))
    assert enrolment.status_code == 201, enrolment.text
    totp = pyotp.TOTP(enrolment.json()["secret"])
    refreshed = await strict.post("/auth/refresh", json={"refresh_token": restricted["refresh_token"]})
    assert_problem(
        await strict.get("/admin/products", headers=bearer(refreshed.json())), 403
    )  # not confirmed yet

    confirmed = await strict.post(
        "/auth/mfa/totp/verify", json={"code": totp.now()}, headers=bearer(restricted)
    )
    assert confirmed.status_code == 204, confirmed.text
    upgraded = await strict.post("/auth/refresh", json={"refresh_token": refreshed.json()["refresh_token"]})
    assert (await strict.get("/admin/products", headers=bearer(upgraded.json()))).status_code == 200

    assert_problem(await staff_log_in(strict), 401, "totp_code")
    with_code = await strict.post(
        "/admin/auth/login", json={"email": "ed@example.com", "password": PASSWORD, "totp_code": totp.now()}
    )
    assert with_code.status_code == 200, with_code.text
    assert (await strict.get("/admin/products", headers=bearer(with_code.json()))).status_code == 200


async def test_customers_are_not_held_to_the_staff_rule(strict) -> None:
    registered = await strict.post("/auth/register", json={"email": "ann@example.com", "password": PASSWORD})
    assert registered.status_code == 201
    pair = await strict.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
    assert pair.status_code == 200
    assert (await strict.get("/auth/sessions", headers=bearer(pair.json()))).status_code == 200


async def test_without_the_setting_staff_sign_in_with_a_password_only(client, staff_headers) -> None:
    await create_staff(client, staff_headers("staff:manage"), roles=["admin"])
    pair = (await staff_log_in(client)).json()
    assert (await client.get("/admin/products", headers=bearer(pair))).status_code == 200
