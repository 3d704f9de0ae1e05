"""Account recovery over HTTP: password reset and email verification by mailed single-use tokens,
and registration that does not tell whether an address has an account."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.e2e.test_identity import PASSWORD, bearer, events, fetch, log_in, register
from tests.e2e.test_identity_admin import create_staff, staff_log_in
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

NEW_PASSWORD = "a much better passphrase"
TOKEN = re.compile(r"token=([A-Za-z0-9_\-%]+)")


async def mails(settings, event: str, recipient: str) -> list[str]:
    rows = await fetch(
        settings,
        "SELECT body FROM notifications_messages WHERE event = $1 AND recipient = $2 ORDER BY created_at",
        event,
        recipient,
    )
    return [row["body"] for row in rows]


async def mailed_token(settings, event: str, recipient: str, count: int = 1) -> str:
    """The token in the ``count``-th ``event`` mail to ``recipient``, once it is queued."""

    async def arrived() -> list[str]:
        found = await mails(settings, event, recipient)
        return found if len(found) >= count else []

    body = (await eventually(arrived, within=15))[count - 1]
    match = TOKEN.search(body)
    assert match, body
    return unquote(match.group(1))


async def test_a_password_reset_sets_the_password_once_and_signs_every_session_out(client, settings) -> None:
    await register(client)
    old_session = await log_in(client)
    asked = await client.post("/auth/password-reset", json={"email": " Ann@Example.com"})
    assert asked.status_code == 202, asked.text
    token = await mailed_token(settings, "password_reset", "ann@example.com")
    assert not await fetch(settings, "SELECT 1 FROM identity_account_tokens WHERE token_hash = $1", token)

    done = await client.post("/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204, done.text
    assert_problem(
        await client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD}), 401
    )
    assert (await log_in(client, password=NEW_PASSWORD))["access_token"]
    assert_problem(await client.get("/auth/sessions", headers=bearer(old_session)), 401)
    assert_problem(
        await client.post("/auth/refresh", json={"refresh_token": old_session["refresh_token"]}), 401
    )
    again = await client.post(
        "/auth/password-reset/confirm", json={"token": token, "password": "yet another one"}
    )
    assert_problem(again, 422, "token")
    assert "identity.PasswordChanged" in await events(settings)


async def test_asking_for_a_reset_answers_the_same_for_an_unknown_address(client, settings) -> None:
    await register(client)
    known = await client.post("/auth/password-reset", json={"email": "ann@example.com"})
    unknown = await client.post("/auth/password-reset", json={"email": "nobody@example.com"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert known.status_code == 202 and "link" in known.json()["detail"]
    await mailed_token(settings, "password_reset", "ann@example.com")
    assert await mails(settings, "password_reset", "nobody@example.com") == []
    assert_problem(await client.post("/auth/password-reset", json={}), 400, "email")


async def test_a_reset_token_expires_and_a_newer_one_replaces_it(client, settings) -> None:
    await register(client)
    await client.post("/auth/password-reset", json={"email": "ann@example.com"})
    first = await mailed_token(settings, "password_reset", "ann@example.com")
    await client.post("/auth/password-reset", json={"email": "ann@example.com"})
    second = await mailed_token(settings, "password_reset", "ann@example.com", count=2)
    replaced = await client.post(
        "/auth/password-reset/confirm", json={"token": first, "password": NEW_PASSWORD}
    )
    assert_problem(replaced, 422, "token")
    await fetch(settings, "UPDATE identity_account_tokens SET expires_at = now() - interval '1 second'")
    expired = await client.post(
        "/auth/password-reset/confirm", json={"token": second, "password": NEW_PASSWORD}
    )
    assert_problem(expired, 422, "token")
    assert (await log_in(client))["access_token"]  # the password did not change


async def test_a_bad_reset_is_a_problem_and_a_short_password_keeps_the_token(client, settings) -> None:
    await register(client)
    await client.post("/auth/password-reset", json={"email": "ann@example.com"})
    token = await mailed_token(settings, "password_reset", "ann@example.com")
    short = await client.post("/auth/password-reset/confirm", json={"token": token, "password": "short"})
    assert_problem(short, 400, "password")
    made_up = await client.post(
        "/auth/password-reset/confirm", json={"token": "made-up", "password": NEW_PASSWORD}
    )
    assert_problem(made_up, 422, "token")
    assert_problem(
        await client.post("/auth/password-reset/confirm", json={"password": NEW_PASSWORD}), 400, "token"
    )
    ok = await client.post("/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert ok.status_code == 204, ok.text


async def test_guessing_reset_tokens_ends_in_429(client) -> None:
    statuses = []
    for attempt in range(60):
        response = await client.post(
            "/auth/password-reset/confirm", json={"token": f"guess-{attempt}", "password": NEW_PASSWORD}
        )
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert response.headers["retry-after"]
            break
    assert statuses[-1] == 429, statuses
    assert set(statuses[:-1]) == {422}


async def test_staff_reset_their_password_through_the_same_flow(client, settings, staff_headers) -> None:
    await create_staff(client, staff_headers("staff:manage"))
    session = (await staff_log_in(client)).json()
    asked = await client.post("/auth/password-reset", json={"email": "ed@example.com", "account": "staff"})
    assert asked.status_code == 202, asked.text
    token = await mailed_token(settings, "password_reset", "ed@example.com")
    assert "/admin/reset-password?token=" in (await mails(settings, "password_reset", "ed@example.com"))[0]
    done = await client.post("/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204, done.text
    assert (await staff_log_in(client, password=NEW_PASSWORD)).status_code == 200
    assert_problem(await client.get("/auth/sessions", headers=bearer(session)), 401)
    # a customer's reset does not reach a staff account of the same address, nor the reverse
    await client.post("/auth/password-reset", json={"email": "ed@example.com"})
    assert len(await mails(settings, "password_reset", "ed@example.com")) == 1


async def test_a_new_customer_verifies_their_email_with_the_mailed_token(client, settings) -> None:
    customer = await register(client)
    token = await mailed_token(settings, "email_verification", "ann@example.com")
    verified_at = "SELECT email_verified_at FROM identity_customers WHERE id = $1"
    assert (await fetch(settings, verified_at, customer["id"]))[0]["email_verified_at"] is None
    done = await client.post("/auth/verify-email", json={"token": token})
    assert done.status_code == 204, done.text
    assert (await fetch(settings, verified_at, customer["id"]))[0]["email_verified_at"] is not None
    signed_in = bearer(await log_in(client))
    account = (await client.get("/auth/account", headers=signed_in)).json()
    assert (account["id"], account["email_verified"]) == (customer["id"], True)

    async def profile_says_verified() -> bool:
        return bool((await client.get("/me", headers=signed_in)).json()["email_verified"])

    assert await eventually(profile_says_verified, within=15)  # the customers domain learns it by event
    assert "identity.CustomerEmailVerified" in await events(settings)
    assert_problem(await client.post("/auth/verify-email", json={"token": token}), 422, "token")  # used
    assert_problem(await client.post("/auth/verify-email", json={"token": "made-up"}), 422, "token")
    headers = bearer(await log_in(client))
    assert_problem(await client.post("/auth/verify-email/resend", headers=headers), 409)


async def test_resending_verification_mails_a_new_link_and_retires_the_old(client, settings) -> None:
    await register(client)
    first = await mailed_token(settings, "email_verification", "ann@example.com")
    headers = bearer(await log_in(client))
    assert (await client.get("/auth/account", headers=headers)).json()["email_verified"] is False
    resent = await client.post("/auth/verify-email/resend", headers=headers)
    assert resent.status_code == 202, resent.text
    second = await mailed_token(settings, "email_verification", "ann@example.com", count=2)
    assert_problem(await client.post("/auth/verify-email", json={"token": first}), 422, "token")
    assert (await client.post("/auth/verify-email", json={"token": second})).status_code == 204
    assert_problem(await client.post("/auth/verify-email/resend"), 401)


async def test_registering_a_taken_email_answers_like_a_new_account_and_mails_the_owner(
    client, settings
) -> None:
    owner = await register(client, first_name="Ann")
    again = await client.post(
        "/auth/register",
        json={"email": "ANN@example.com", "password": "another password", "first_name": "Eve"},
    )
    assert again.status_code == 201, again.text
    body = again.json()
    assert set(body) == set(owner)
    assert body["id"] != owner["id"] and (body["email"], body["first_name"]) == ("ann@example.com", "Eve")
    rows = await fetch(settings, "SELECT id FROM identity_customers")
    assert [str(r["id"]) for r in rows] == [owner["id"]]

    async def warned() -> list[str]:
        return await mails(settings, "registration_attempted", "ann@example.com")

    assert "already has one" in (await eventually(warned, within=15))[0]
    assert (await log_in(client))["access_token"]  # the owner's password is untouched
