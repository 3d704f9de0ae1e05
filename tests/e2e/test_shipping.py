"""Staff keep shipping zones and methods; anyone asks what a parcel to a country costs to ship."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from tests.support.problems import assert_problem

BANDS = [
    {"max_weight_grams": 2000, "price": 490},
    {"max_weight_grams": 10000, "price": 990},
    {"max_weight_grams": 30000, "price": 1990},
]


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers("shipping:read", "shipping:write")


async def created(client: Any, path: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def options(client: Any, **params: Any) -> list[tuple[str, int, str]]:
    response = await client.get("/shipping/options", params=params)
    assert response.status_code == 200, response.text
    return [(o["name"], o["price"]["amount"], o["price"]["currency"]) for o in response.json()]


async def test_staff_create_a_zone_and_a_method_and_shoppers_see_it_priced_by_weight(client, staff) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE", "FR", "AT"])
    standard = await created(
        client,
        "/admin/shipping/methods",
        staff,
        zone_id=eu["id"],
        name="Standard",
        rates=BANDS,
        free_over=10000,
    )

    light = await options(client, country="DE", postal_code="10115", weight_grams=1500, subtotal=2500)
    heavy = await options(client, country="FR", weight_grams=12000, subtotal=2500)
    free = await options(client, country="AT", weight_grams=12000, subtotal=10000)
    too_heavy = await options(client, country="DE", weight_grams=30001)

    assert (eu["name"], eu["countries"]) == ("EU", ["DE", "FR", "AT"])
    assert (standard["carrier"], standard["currency"], standard["rates"], standard["free_over"]) == (
        "table_rate",
        "EUR",
        BANDS,
        10000,
    )
    assert light == [("Standard", 490, "EUR")]
    assert heavy == [("Standard", 1990, "EUR")]
    assert free == [("Standard", 0, "EUR")]
    assert too_heavy == []


async def test_a_country_no_zone_lists_has_no_options_until_a_rest_of_the_world_zone_serves_it(
    client, staff
) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    await created(client, "/admin/shipping/methods", staff, zone_id=eu["id"], name="Standard", rates=BANDS)

    before = await options(client, country="JP")
    world = await created(client, "/admin/shipping/zones", staff, name="World", countries=["*"])
    rates = [{"max_weight_grams": 5000, "price": 2990}]
    await created(
        client, "/admin/shipping/methods", staff, zone_id=world["id"], name="International", rates=rates
    )

    assert before == []
    assert await options(client, country="JP") == [("International", 2990, "EUR")]
    assert await options(client, country="DE") == [("Standard", 490, "EUR")]


async def test_staff_list_and_delete_zones_and_methods(client, staff) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    world = await created(client, "/admin/shipping/zones", staff, name="World", countries=["*"])
    method = await created(
        client, "/admin/shipping/methods", staff, zone_id=eu["id"], name="Std", rates=BANDS
    )

    zones = (await client.get("/admin/shipping/zones", headers=staff)).json()["items"]
    of_eu = await client.get("/admin/shipping/methods", params={"zone_id": eu["id"]}, headers=staff)
    of_world = await client.get("/admin/shipping/methods", params={"zone_id": world["id"]}, headers=staff)
    refused = await client.delete(f"/admin/shipping/zones/{eu['id']}", headers=staff)
    removed = await client.delete(f"/admin/shipping/methods/{method['id']}", headers=staff)
    emptied = await client.delete(f"/admin/shipping/zones/{eu['id']}", headers=staff)

    assert [z["name"] for z in zones] == ["EU", "World"]
    assert ([m["id"] for m in of_eu.json()["items"]], of_world.json()["items"]) == ([method["id"]], [])
    assert_problem(refused, 409, "zone_id")
    assert (removed.status_code, emptied.status_code) == (204, 204)
    assert (await client.get("/admin/shipping/methods", headers=staff)).json()["items"] == []
    left = (await client.get("/admin/shipping/zones", headers=staff)).json()["items"]
    assert [z["name"] for z in left] == ["World"]
    assert_problem(await client.delete(f"/admin/shipping/methods/{method['id']}", headers=staff), 404)
    assert_problem(await client.delete(f"/admin/shipping/zones/{eu['id']}", headers=staff), 404)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "EU", "countries": ["de"]}, 400, "countries[0]"),
        ({"name": "EU", "countries": ["DE", "XX"]}, 422, "countries[1]"),
        ({"name": "EU", "countries": []}, 400, "countries"),
        ({"name": "EU", "countries": ["*", "DE"]}, 422, "countries"),
        ({"name": "", "countries": ["DE"]}, 400, "name"),
        ({"countries": ["DE"]}, 400, "name"),
    ],
)
async def test_a_bad_zone_names_the_field_and_stores_nothing(client, staff, body, status, field) -> None:
    assert_problem(await client.post("/admin/shipping/zones", json=body, headers=staff), status, field)
    assert (await client.get("/admin/shipping/zones", headers=staff)).json()["items"] == []


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"rates": [BANDS[1], BANDS[0]]}, 422, "rates[1].max_weight_grams"),
        ({"rates": [BANDS[0], BANDS[0]]}, 422, "rates[1].max_weight_grams"),
        ({"rates": [{"max_weight_grams": 100, "price": -1}]}, 400, "rates[0].price"),
        ({"rates": []}, 400, "rates"),
        ({"free_over": -1}, 400, "free_over"),
        ({"zone_id": str(uuid4())}, 422, "zone_id"),
        ({"zone_id": "not-a-uuid"}, 400, "zone_id"),
        ({"carrier": "pigeon"}, 422, "carrier"),
    ],
)
async def test_a_bad_method_names_the_field_and_stores_nothing(client, staff, change, status, field) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    body = {"zone_id": eu["id"], "name": "Standard", "rates": BANDS, **change}

    assert_problem(await client.post("/admin/shipping/methods", json=body, headers=staff), status, field)
    assert (await client.get("/admin/shipping/methods", headers=staff)).json()["items"] == []


async def test_a_name_is_taken_once_per_shop_for_zones_and_once_per_zone_for_methods(client, staff) -> None:
    eu = await created(client, "/admin/shipping/zones", staff, name="EU", countries=["DE"])
    world = await created(client, "/admin/shipping/zones", staff, name="World", countries=["*"])
    await created(client, "/admin/shipping/methods", staff, zone_id=eu["id"], name="Standard", rates=BANDS)

    zone_again = await client.post(
        "/admin/shipping/zones", json={"name": "EU", "countries": ["FR"]}, headers=staff
    )
    method_again = await client.post(
        "/admin/shipping/methods",
        json={"zone_id": eu["id"], "name": "Standard", "rates": BANDS},
        headers=staff,
    )
    await created(client, "/admin/shipping/methods", staff, zone_id=world["id"], name="Standard", rates=BANDS)

    assert_problem(zone_again, 409, "name")
    assert_problem(method_again, 409, "name")


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"country": "XX"}, 422, "country"),
        ({"country": "Germany"}, 400, "country"),
        ({"country": "DE", "postal_code": "ABC"}, 422, "postal_code"),
        ({"country": "DE", "weight_grams": -1}, 400, "weight_grams"),
        ({"country": "DE", "subtotal": "lots"}, 400, "subtotal"),
    ],
)
async def test_bad_shipping_questions_name_the_field(client, params, status, field) -> None:
    assert_problem(await client.get("/shipping/options", params=params), status, field)


async def test_a_shipping_question_without_a_country_is_refused_saying_so(client) -> None:
    body = assert_problem(await client.get("/shipping/options", params={"weight_grams": 10}), 400)

    assert "country" in body["detail"]


async def test_shipping_admin_needs_a_staff_token_with_the_shipping_permissions(
    client, staff_headers, customer_headers
) -> None:
    body = {"name": "EU", "countries": ["DE"]}
    reader = staff_headers("shipping:read")

    assert_problem(await client.get("/admin/shipping/zones"), 401)
    assert_problem(await client.post("/admin/shipping/zones", json=body), 401)
    assert_problem(await client.get("/admin/shipping/methods", headers=customer_headers), 403)
    assert_problem(await client.get("/admin/shipping/zones", headers=staff_headers("catalog:read")), 403)
    assert_problem(await client.post("/admin/shipping/zones", json=body, headers=reader), 403)
    assert (await client.get("/admin/shipping/zones", headers=reader)).status_code == 200
    assert_problem(await client.delete(f"/admin/shipping/zones/{uuid4()}", headers=reader), 403)
