"""Customers over HTTP: registration, sign-in, refresh rotation, sessions, TOTP (the profile: test_customers)."""

from __future__ import annotations

import asyncio

import asyncpg
import pyotp
import pytest

from core.security import Principal, TokenCodec
from tests.support.problems import assert_problem

PASSWORD = "correct horse battery"
IDENTITY_TABLES = ("identity_customers", "identity_sessions", "identity_refresh_tokens", "identity_totp")


async def fetch(settings, sql: str, *args):
    conn = await asyncpg.connect(settings.database_url)
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def footprint(settings) -> dict[str, int]:
    """Row counts of identity's tables and the outbox: equal before and after means nothing was written."""
    counts = {}
    for table in (*IDENTITY_TABLES, "runtime_outbox"):
        counts[table] = (await fetch(settings, f"SELECT count(*) AS n FROM {table}"))[0]["n"]
    return counts


async def events(settings) -> list[str]:
    return [r["type"] for r in await fetch(settings, "SELECT type FROM runtime_outbox ORDER BY seq")]


async def register(client, email: str = "ann@example.com", **extra) -> dict:
    response = await client.post("/auth/register", json={"email": email, "password": PASSWORD, **extra})
    assert response.status_code == 201, response.text
    return response.json()


async def log_in(
    client, email: str = "ann@example.com", password: str = PASSWORD, headers: dict | None = None, **extra
) -> dict:
    response = await client.post(
        "/auth/login", json={"email": email, "password": password, **extra}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def bearer(pair: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


async def test_registering_answers_201_with_the_customer_and_records_an_event(client, settings) -> None:
    response = await client.post(
        "/auth/register", json={"email": " Ann@Example.com", "password": PASSWORD, "first_name": "Ann"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "email", "first_name", "last_name", "created_at"}
    assert (body["email"], body["first_name"], body["last_name"]) == ("ann@example.com", "Ann", None)
    assert body["created_at"].endswith("Z")
    stored = await fetch(settings, "SELECT password_hash FROM identity_customers")
    assert stored[0]["password_hash"].startswith("$argon2id$")
    assert await events(settings) == ["identity.CustomerRegistered"]


async def test_registering_a_taken_email_in_another_case_answers_201_and_writes_nothing(
    client, settings
) -> None:
    """The answer must not tell that the address has an account (its owner is mailed: test_account_recovery)."""
    first = await register(client)
    before = await footprint(settings)
    response = await client.post("/auth/register", json={"email": "ANN@example.COM", "password": PASSWORD})
    assert response.status_code == 201, response.text
    assert set(response.json()) == set(first) and response.json()["id"] != first["id"]
    assert await footprint(settings) == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, 422, "email"),
        ({"email": "ann@example.com", "password": "short"}, 400, "password"),
        ({"email": "ann@example.com", "password": " " * 9}, 422, "password"),
        ({"email": "ann@example.com", "password": PASSWORD, "first_name": "x" * 101}, 400, "first_name"),
        ({"email": "ann@example.com"}, 400, "password"),
        ({"password": PASSWORD}, 400, "email"),
        ({"email": 42, "password": PASSWORD}, 400, "email"),
        ({"email": "ann@example.com", "password": PASSWORD, "is_admin": True}, 400, "is_admin"),
        (["ann@example.com", PASSWORD], 400, None),
    ],
)
async def test_a_bad_registration_is_a_problem_naming_the_field_and_writes_nothing(
    client, settings, body, status, field
) -> None:
    before = await footprint(settings)
    assert_problem(await client.post("/auth/register", json=body), status, field)
    assert await footprint(settings) == before


@pytest.mark.parametrize(
    "email",
    [
        "a@-example.com",
        ".a@example.com",
        "a.@example.com",
        f"a@{'b' * 64}.com",
        "zw\u200bx@example.com",
        "rtl\u202ex@example.com",
    ],
)
async def test_registering_an_address_mail_cannot_reach_or_that_hides_characters_is_422(
    client, settings, email
) -> None:
    before = await footprint(settings)
    body = assert_problem(
        await client.post("/auth/register", json={"email": email, "password": PASSWORD}), 422, "email"
    )
    assert body["errors"] == [{"field": "email", "message": "is not a valid email address"}]
    assert await footprint(settings) == before


async def test_an_internationalised_address_registers_and_signs_in(client, settings) -> None:
    customer = await register(client, "josé@müller.de")
    assert customer["email"] == "josé@müller.de"
    await log_in(client, "JOSÉ@müller.de")


async def test_malformed_json_is_400_and_writes_nothing(client, settings) -> None:
    before = await footprint(settings)
    response = await client.post(
        "/auth/register",
        content=b'{"email": "ann@example.com", ',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 400)
    assert await footprint(settings) == before


async def test_logging_in_answers_a_bearer_pair_whose_access_token_opens_me(client, tokens, settings) -> None:
    customer = await register(client)
    pair = await log_in(client, email="ANN@example.com")
    assert set(pair) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (pair["token_type"], pair["expires_in"]) == ("bearer", settings.access_token_ttl)
    who = tokens.verify(pair["access_token"])
    assert (who.subject, who.kind) == (customer["id"], "customer")
    sessions = await client.get("/auth/sessions", headers=bearer(pair))
    assert [s["id"] for s in sessions.json()["items"]] == [who.session_id]
    stored = await fetch(settings, "SELECT token_hash FROM identity_refresh_tokens")
    assert [r["token_hash"] for r in stored] != [pair["refresh_token"]]


async def test_an_unknown_email_and_a_wrong_password_get_the_same_401(client, settings) -> None:
    await register(client)
    before = await footprint(settings)
    unknown = assert_problem(
        await client.post("/auth/login", json={"email": "bob@example.com", "password": PASSWORD}), 401
    )
    wrong = assert_problem(
        await client.post("/auth/login", json={"email": "ann@example.com", "password": "wrong one"}), 401
    )
    assert unknown["detail"] == wrong["detail"]
    assert await footprint(settings) == before


async def test_a_login_without_a_password_or_with_an_absurd_one_is_400_naming_it(client) -> None:
    assert_problem(await client.post("/auth/login", json={"email": "ann@example.com"}), 400, "password")
    huge = {"email": "ann@example.com", "password": "x" * 5000}
    assert_problem(await client.post("/auth/login", json=huge), 400, "password")


async def test_refreshing_rotates_the_pair_and_the_new_one_works(client, tokens, settings) -> None:
    await register(client)
    first = await log_in(client)
    second = (await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    assert second["refresh_token"] != first["refresh_token"]
    assert tokens.verify(second["access_token"]).session_id == tokens.verify(first["access_token"]).session_id
    third = await client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert third.status_code == 200, third.text
    assert (await events(settings)).count("identity.SessionRefreshed") == 2


async def test_a_reused_refresh_token_revokes_its_family_and_answers_401(client, settings) -> None:
    await register(client)
    first = await log_in(client)
    second = (await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})).json()
    replay = await client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert "already used" in assert_problem(replay, 401)["detail"]
    assert_problem(await client.post("/auth/refresh", json={"refresh_token": second["refresh_token"]}), 401)
    assert_problem(await client.get("/auth/sessions", headers=bearer(second)), 401)  # its access token too
    revoked = await fetch(settings, "SELECT revoke_reason FROM identity_sessions")
    assert [r["revoke_reason"] for r in revoked] == ["reuse_detected"]
    assert (await events(settings))[-1] == "identity.SessionRevoked"


async def test_two_racing_refreshes_with_one_token_let_one_win_and_revoke_the_session(
    client, settings
) -> None:
    await register(client)
    pair = await log_in(client)
    body = {"refresh_token": pair["refresh_token"]}
    responses = await asyncio.gather(*(client.post("/auth/refresh", json=body) for _ in range(2)))
    assert sorted(r.status_code for r in responses) == [200, 401]
    winner = next(r for r in responses if r.status_code == 200).json()
    assert_problem(await client.post("/auth/refresh", json={"refresh_token": winner["refresh_token"]}), 401)
    revoked = await fetch(settings, "SELECT revoke_reason FROM identity_sessions")
    assert [r["revoke_reason"] for r in revoked] == ["reuse_detected"]


async def test_a_made_up_or_missing_refresh_token_is_refused(client) -> None:
    assert_problem(await client.post("/auth/refresh", json={"refresh_token": "made-up"}), 401)
    assert_problem(await client.post("/auth/refresh", json={}), 400, "refresh_token")
    assert_problem(await client.post("/auth/refresh", json={"refresh_token": None}), 400, "refresh_token")


async def test_logging_out_revokes_the_session_so_its_refresh_token_stops_working(client, settings) -> None:
    await register(client)
    pair = await log_in(client)
    other = await log_in(client)
    response = await client.post("/auth/logout", headers=bearer(pair))
    assert response.status_code == 204, response.text
    assert_problem(await client.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]}), 401)
    listed = (await client.get("/auth/sessions", headers=bearer(other))).json()["items"]
    assert len(listed) == 1
    assert listed[0]["current"] is True
    assert (
        await client.post("/auth/refresh", json={"refresh_token": other["refresh_token"]})
    ).status_code == 200
    assert "identity.SessionRevoked" in await events(settings)


async def test_logging_out_twice_is_harmless(client) -> None:
    await register(client)
    pair = await log_in(client)
    assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204
    assert (await client.post("/auth/logout", headers=bearer(pair))).status_code == 204


async def test_session_routes_need_a_valid_bearer_token(client, settings) -> None:
    forged = TokenCodec("another-secret-key-that-is-long-enough-0123").issue(
        Principal(subject="x", kind="customer", session_id="y")
    )
    before = await footprint(settings)
    for headers in (
        {},
        {"Authorization": "Bearer garbage"},
        {"Authorization": f"Bearer {forged}"},
        {"Authorization": "Basic abc"},
    ):
        assert_problem(await client.post("/auth/logout", headers=headers), 401)
        assert_problem(await client.get("/auth/sessions", headers=headers), 401)
        assert_problem(
            await client.delete(f"/auth/sessions/{'0' * 8}-0000-4000-8000-{'0' * 12}", headers=headers), 401
        )
    assert await footprint(settings) == before


async def test_sessions_list_the_callers_own_and_mark_the_current_one(client) -> None:
    await register(client)
    await register(client, "bob@example.com")
    here = await log_in(client)
    there = await log_in(client, headers={"User-Agent": "phone/1.0"})
    await log_in(client, "bob@example.com")
    page = (await client.get("/auth/sessions", headers=bearer(here))).json()
    assert page["next_cursor"] is None
    assert sorted((s["current"], s["user_agent"]) for s in page["items"]) == [
        (False, "phone/1.0"),
        (True, "testclient"),
    ]
    first = (await client.get("/auth/sessions?limit=1", headers=bearer(there))).json()
    rest = (
        await client.get(f"/auth/sessions?limit=1&cursor={first['next_cursor']}", headers=bearer(there))
    ).json()
    assert first["items"][0]["id"] != rest["items"][0]["id"]
    assert rest["next_cursor"] is None


async def test_bad_paging_of_sessions_is_a_problem_naming_the_parameter(client) -> None:
    await register(client)
    headers = bearer(await log_in(client))
    assert_problem(await client.get("/auth/sessions?limit=0", headers=headers), 400, "limit")
    assert_problem(await client.get("/auth/sessions?limit=101", headers=headers), 400, "limit")
    assert_problem(await client.get("/auth/sessions?limit=many", headers=headers), 400, "limit")
    assert_problem(await client.get("/auth/sessions?cursor=bm9wZQ", headers=headers), 422, "cursor")


async def test_deleting_a_session_revokes_it_and_anothers_session_is_404(client, tokens, settings) -> None:
    await register(client)
    await register(client, "bob@example.com")
    ann, ann_phone = await log_in(client), await log_in(client)
    bob = await log_in(client, "bob@example.com")
    phone_session = tokens.verify(ann_phone["access_token"]).session_id
    before = await footprint(settings)
    assert_problem(await client.delete(f"/auth/sessions/{phone_session}", headers=bearer(bob)), 404)
    assert_problem(
        await client.delete(f"/auth/sessions/{'0' * 8}-0000-4000-8000-{'0' * 12}", headers=bearer(ann)), 404
    )
    assert (await client.delete("/auth/sessions/not-a-uuid", headers=bearer(ann))).status_code == 404
    assert await footprint(settings) == before
    response = await client.delete(f"/auth/sessions/{phone_session}", headers=bearer(ann))
    assert response.status_code == 204, response.text
    assert_problem(
        await client.post("/auth/refresh", json={"refresh_token": ann_phone["refresh_token"]}), 401
    )
    listed = (await client.get("/auth/sessions", headers=bearer(ann))).json()["items"]
    assert [s["id"] for s in listed] == [tokens.verify(ann["access_token"]).session_id]


async def test_once_totp_is_confirmed_login_needs_the_code(client, settings) -> None:
    await register(client)
    headers = bearer(await log_in(client))
    enrolment = await client.post("/auth/mfa/totp", headers=headers)
    assert enrolment.status_code == 201, enrolment.text
    secret = enrolment.json()["secret"]
    assert enrolment.json()["provisioning_uri"].startswith("otpauth://totp/")
    assert_problem(
        await client.post("/auth/mfa/totp/verify", headers=headers, json={"code": "000000"}), 422, "code"
    )
    assert_problem(await client.post("/auth/mfa/totp/verify", headers=headers, json={}), 400, "code")
    confirmed = await client.post(
        "/auth/mfa/totp/verify", headers=headers, json={"code": pyotp.TOTP(secret).now()}
    )
    assert confirmed.status_code == 204, confirmed.text
    body = assert_problem(
        await client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD}), 401
    )
    assert [e["field"] for e in body["errors"]] == ["totp_code"]
    await log_in(client, totp_code=pyotp.TOTP(secret).now())
    assert_problem(await client.post("/auth/mfa/totp", headers=headers), 409)
    assert "identity.TotpEnabled" in await events(settings)


async def test_totp_routes_need_a_token_and_an_account(client, customer_headers) -> None:
    assert_problem(await client.post("/auth/mfa/totp"), 401)
    assert_problem(await client.post("/auth/mfa/totp/verify", json={"code": "123456"}), 401)
    assert_problem(await client.post("/auth/mfa/totp", headers=customer_headers), 404)
