"""The signed-in customer over HTTP: profile, address book, data export and erasure."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from tests.e2e.test_identity import PASSWORD, bearer, events, fetch, log_in, register
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

HOME = {
    "first_name": "Ann",
    "last_name": "Lee",
    "line1": "1 Rue de Rivoli",
    "city": "Paris",
    "postal_code": "75001",
    "country": "fr",
}


async def signed_in(client, email: str = "ann@example.com", **names) -> dict[str, str]:
    await register(client, email, **names)
    return bearer(await log_in(client, email))


async def profile_rows(settings) -> list:
    return await fetch(settings, "SELECT * FROM customers_profiles")


async def test_me_answers_right_after_registering_and_gets_the_names_given(client) -> None:
    headers = await signed_in(client, first_name="Ann", last_name="Lee")
    first = await client.get("/me", headers=headers)
    assert first.status_code == 200, first.text
    assert first.json()["email"] == "ann@example.com"

    async def named():
        body = (await client.get("/me", headers=headers)).json()
        return body if body["first_name"] == "Ann" else None

    profile = await eventually(named)
    assert (profile["last_name"], profile["marketing_consent"], profile["phone"]) == ("Lee", False, None)


async def test_the_profile_is_patched_field_by_field_and_null_clears(client, settings) -> None:
    headers = await signed_in(client, first_name="Ann")
    patched = await client.patch(
        "/me",
        headers=headers,
        json={
            "last_name": " Smith ",
            "phone": "+33 1 23 45 67 89",
            "locale": "fr-FR",
            "marketing_consent": True,
        },
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert (body["last_name"], body["phone"], body["locale"], body["marketing_consent"]) == (
        "Smith",
        "+33 1 23 45 67 89",
        "fr-FR",
        True,
    )
    cleared = (await client.patch("/me", headers=headers, json={"phone": None})).json()
    assert cleared["phone"] is None
    assert (await client.get("/me", headers=headers)).json() == cleared
    assert (await events(settings)).count("customers.ProfileUpdated") == 2


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"first_name": 7}, 400, "first_name"),
        ({"last_name": "x" * 101}, 400, "last_name"),
        ({"phone": "call me"}, 422, "phone"),
        ({"locale": "English"}, 400, "locale"),
        ({"email": "new@example.com"}, 400, "email"),
        ("Ann", 400, None),
    ],
)
async def test_a_bad_profile_patch_is_a_problem_naming_the_field_and_changes_nothing(
    client, settings, body, status, field
) -> None:
    headers = await signed_in(client)
    before = (await client.get("/me", headers=headers)).json()
    assert_problem(await client.patch("/me", headers=headers, json=body), status, field)
    assert (await client.get("/me", headers=headers)).json() == before
    assert "customers.ProfileUpdated" not in await events(settings)


async def test_me_needs_the_token_of_an_existing_customer(client, staff_headers, customer_headers) -> None:
    assert_problem(await client.get("/me"), 401)
    assert_problem(await client.get("/me", headers={"Authorization": "Bearer x.y.z"}), 401)
    assert_problem(await client.patch("/me", json={"first_name": "A"}), 401)
    assert_problem(await client.get("/me", headers=staff_headers("*")), 403)
    assert_problem(await client.get("/me/addresses", headers=staff_headers("*")), 403)
    assert_problem(await client.get("/me", headers=customer_headers), 404)
    assert_problem(await client.patch("/me", headers=customer_headers, json={"first_name": "A"}), 404)
    assert_problem(await client.post("/me/addresses", headers=customer_headers, json=HOME), 404)


async def test_the_address_book_keeps_one_default_shipping_and_one_default_billing(client) -> None:
    headers = await signed_in(client)
    home = await client.post("/me/addresses", headers=headers, json={**HOME, "default_shipping": True})
    assert home.status_code == 201, home.text
    assert (home.json()["country"], home.json()["default_shipping"]) == ("FR", True)
    office = {**HOME, "line1": "5 Avenue Anatole France", "postal_code": "75007", "company": "Acme"}
    work = await client.post(
        "/me/addresses", headers=headers, json={**office, "default_shipping": True, "default_billing": True}
    )
    assert work.status_code == 201, work.text
    listed = (await client.get("/me/addresses", headers=headers)).json()
    assert [(a["line1"], a["default_shipping"], a["default_billing"]) for a in listed] == [
        ("1 Rue de Rivoli", False, False),
        ("5 Avenue Anatole France", True, True),
    ]
    home_id = home.json()["id"]
    moved = await client.patch(f"/me/addresses/{home_id}", headers=headers, json={"default_billing": True})
    assert moved.status_code == 200, moved.text
    listed = (await client.get("/me/addresses", headers=headers)).json()
    assert [(a["default_shipping"], a["default_billing"]) for a in listed] == [(False, True), (True, False)]
    assert (await client.delete(f"/me/addresses/{home_id}", headers=headers)).status_code == 204
    assert [a["id"] for a in (await client.get("/me/addresses", headers=headers)).json()] == [
        work.json()["id"]
    ]


async def test_another_customers_address_is_not_found(client) -> None:
    ann = await signed_in(client)
    bob = await signed_in(client, "bob@example.com")
    address = (await client.post("/me/addresses", headers=ann, json=HOME)).json()
    assert_problem(
        await client.patch(f"/me/addresses/{address['id']}", headers=bob, json={"city": "Lyon"}), 404
    )
    assert_problem(await client.delete(f"/me/addresses/{address['id']}", headers=bob), 404)
    assert (await client.get("/me/addresses", headers=bob)).json() == []


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"country": "XX"}, 422, "country"),
        ({"country": "FRA"}, 400, "country"),
        ({"postal_code": "7500"}, 422, "postal_code"),
        ({"country": "US", "postal_code": "ABCDE"}, 422, "postal_code"),
        ({"country": "GB", "postal_code": "SW1A1A"}, 422, "postal_code"),
        ({"line1": ""}, 400, "line1"),
        ({"line1": "   "}, 422, "line1"),
        ({"phone": "not a phone"}, 422, "phone"),
        ({"nickname": "home"}, 400, "nickname"),
    ],
)
async def test_a_bad_address_is_a_problem_naming_the_field_and_stores_nothing(
    client, settings, changes, status, field
) -> None:
    headers = await signed_in(client)
    assert_problem(
        await client.post("/me/addresses", headers=headers, json={**HOME, **changes}), status, field
    )
    assert await fetch(settings, "SELECT id FROM customers_addresses") == []


@pytest.mark.parametrize(
    ("country", "postal_code", "stored"),
    [
        ("GB", "sw1a 1aa", "SW1A 1AA"),
        ("NL", "1012ab", "1012AB"),
        ("CA", "k1a 0b1", "K1A 0B1"),
        ("NZ", "6011", "6011"),
    ],
)
async def test_postal_codes_are_stored_in_upper_case_in_their_countrys_format(
    client, country, postal_code, stored
) -> None:
    headers = await signed_in(client)
    response = await client.post(
        "/me/addresses", headers=headers, json={**HOME, "country": country, "postal_code": postal_code}
    )
    assert response.status_code == 201, response.text
    assert response.json()["postal_code"] == stored


async def test_postgresql_refuses_a_second_default_shipping_address(client, settings) -> None:
    headers = await signed_in(client)
    first = (
        await client.post("/me/addresses", headers=headers, json={**HOME, "default_shipping": True})
    ).json()
    conn = await asyncpg.connect(settings.database_url)
    try:
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.execute(
                "INSERT INTO customers_addresses SELECT gen_random_uuid(), customer_id, first_name, last_name,"
                " company, line1, line2, city, region, postal_code, country, phone, true, false, now(), now()"
                " FROM customers_addresses WHERE id = $1",
                uuid.UUID(first["id"]),
            )
    finally:
        await conn.close()


async def test_the_export_holds_the_account_sessions_profile_and_addresses(client) -> None:
    headers = await signed_in(client, first_name="Ann")
    await client.post("/me/addresses", headers=headers, json=HOME)
    exported = await client.get("/me/export", headers=headers)
    assert exported.status_code == 200, exported.text
    body = exported.json()
    assert body["account"]["email"] == "ann@example.com"
    assert len(body["sessions"]) == 1
    assert body["profile"]["email"] == "ann@example.com"
    assert [a["city"] for a in body["addresses"]] == ["Paris"]
    assert (body["tags"], body["segments"], body["orders"], body["order_count"]) == ([], [], [], 0)


async def test_erasing_me_anonymises_the_account_so_the_email_can_register_again(client, settings) -> None:
    headers = await signed_in(client, first_name="Ann")
    await client.post("/me/addresses", headers=headers, json=HOME)
    assert (await client.delete("/me", headers=headers)).status_code == 204
    assert_problem(await client.get("/me", headers=headers), (401, 404))
    assert await fetch(settings, "SELECT id FROM customers_addresses") == []
    stored = await profile_rows(settings)
    assert [(r["email"], r["first_name"]) for r in stored] == [("", None)]

    async def refused():
        response = await client.post("/auth/login", json={"email": "ann@example.com", "password": PASSWORD})
        return response.status_code == 401

    await eventually(refused)
    account = await fetch(settings, "SELECT email, password_hash FROM identity_customers")
    assert account[0]["email"].endswith("@erased.invalid")
    assert account[0]["password_hash"] is None
    sessions = await fetch(settings, "SELECT revoked_at FROM identity_sessions")
    assert all(row["revoked_at"] is not None for row in sessions)
    assert (
        await client.post("/auth/register", json={"email": "ann@example.com", "password": PASSWORD})
    ).status_code == 201


async def test_a_profile_patch_with_a_number_or_a_string_for_a_boolean_is_refused(client, settings) -> None:
    headers = await signed_in(client)
    for consent in (0, 1, "true"):
        response = await client.patch("/me", json={"marketing_consent": consent}, headers=headers)
        problem = assert_problem(response, 400)
        assert problem["errors"][0]["field"] == "marketing_consent"
    assert [row["marketing_consent"] for row in await profile_rows(settings)] == [False]
