"""Bad input on every cart route: a 4xx problem naming the field, never a 500, nothing written."""

from __future__ import annotations

import uuid

import pytest

from tests.e2e.test_cart_support import BERLIN, add, cart_rows, new_cart, shipping_method, staff, stocked
from tests.support.problems import assert_problem

__all__ = ["staff"]
UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
async def cart(client, staff) -> dict:
    await stocked(client, staff, ("MUG-1", 1000, 10))
    made = await new_cart(client)
    return await add(client, made["id"], "MUG-1", 1)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"sku": "NOPE-1", "quantity": 1}, 422, "sku"),
        ({"sku": "MUG-1", "quantity": 0}, 422, "quantity"),
        ({"sku": "MUG-1", "quantity": -1}, 422, "quantity"),
        ({"sku": "MUG-1", "quantity": 10**9}, 422, "quantity"),
        ({"sku": "MUG-1", "quantity": 100}, 422, "quantity"),  # 1 + 100 is past the line maximum
        ({"sku": "MUG-1", "quantity": "2"}, 400, "quantity"),
        ({"sku": "", "quantity": 1}, 400, "sku"),
        ({"sku": "MUG-1"}, 400, "quantity"),
        ({"sku": "MUG-1", "quantity": 1, "price": 1}, 400, "price"),
    ],
)
async def test_a_bad_item_is_refused_naming_its_field(
    client, cart, database_url, body, status, field
) -> None:
    before = await cart_rows(database_url)
    assert_problem(await client.post(f"/carts/{cart['id']}/items", json=body), status, field)
    assert await cart_rows(database_url) == before


@pytest.mark.parametrize(("quantity", "status"), [(0, 422), (-1, 422), (10**9, 422), (None, 400)])
async def test_a_bad_quantity_change_is_refused_naming_quantity(
    client, cart, database_url, quantity, status
) -> None:
    before = await cart_rows(database_url)
    item = cart["items"][0]["id"]
    response = await client.patch(f"/carts/{cart['id']}/items/{item}", json={"quantity": quantity})
    assert_problem(response, status, "quantity")
    assert await cart_rows(database_url) == before


async def test_unknown_and_malformed_ids_are_404_on_every_route(client, cart, database_url) -> None:
    before = await cart_rows(database_url)
    item = cart["items"][0]["id"]
    own = cart["id"]
    cases = [
        ("GET", f"/carts/{UNKNOWN}", None),
        ("GET", "/carts/not-a-uuid", None),
        ("POST", f"/carts/{UNKNOWN}/items", {"sku": "MUG-1", "quantity": 1}),
        ("POST", "/carts/not-a-uuid/items", {"sku": "MUG-1", "quantity": 1}),
        ("PATCH", f"/carts/{own}/items/{UNKNOWN}", {"quantity": 2}),
        ("PATCH", f"/carts/{own}/items/not-a-uuid", {"quantity": 2}),
        ("PATCH", f"/carts/{UNKNOWN}/items/{item}", {"quantity": 2}),
        ("DELETE", f"/carts/{own}/items/{UNKNOWN}", None),
        ("DELETE", f"/carts/{own}/items/12", None),
        ("POST", f"/carts/{UNKNOWN}/coupons", {"code": "SAVE10"}),
        ("DELETE", f"/carts/{UNKNOWN}/coupons/SAVE10", None),
        ("DELETE", f"/carts/{own}/coupons/SAVE10", None),
        ("POST", f"/carts/{UNKNOWN}/shipping-address", BERLIN),
        ("GET", f"/carts/{UNKNOWN}/shipping-rates", None),
        ("POST", f"/carts/{UNKNOWN}/shipping-method", {"method_id": UNKNOWN}),
        ("GET", "/carts/not-a-uuid/shipping-rates", None),
        ("POST", "/carts/not-a-uuid/coupons", {"code": "SAVE10"}),
        ("POST", "/carts/not-a-uuid/shipping-method", {"method_id": UNKNOWN}),
        ("POST", "/carts/not-a-uuid/merge", None),
    ]
    for method, url, body in cases:
        assert_problem(await client.request(method, url, json=body), 404)
    assert await cart_rows(database_url) == before


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"country": "XX"}, 422, "country"),
        ({"country": "Germany"}, 400, "country"),
        ({"postal_code": "1011"}, 422, "postal_code"),
        ({"line1": "   "}, 422, "line1"),
        ({"line1": ""}, 400, "line1"),
        ({"city": None}, 400, "city"),
        ({"phone": "call me maybe"}, 422, "phone"),
        ({"company": "ACME"}, 400, "company"),
    ],
)
async def test_a_bad_shipping_address_is_refused_naming_its_field(
    client, cart, database_url, change, status, field
) -> None:
    before = await cart_rows(database_url)
    response = await client.post(f"/carts/{cart['id']}/shipping-address", json={**BERLIN, **change})
    assert_problem(response, status, field)
    assert await cart_rows(database_url) == before


async def test_a_bad_method_coupon_or_cart_body_is_refused_naming_its_field(
    client, staff, cart, database_url
) -> None:
    path = f"/carts/{cart['id']}"
    await client.post(f"{path}/shipping-address", json=BERLIN)
    await shipping_method(client, staff, ["DE"], 490)
    before = await cart_rows(database_url)
    assert_problem(await client.post(f"{path}/shipping-method", json={"method_id": "fast"}), 400, "method_id")
    assert_problem(
        await client.post(f"{path}/shipping-method", json={"method_id": str(uuid.uuid4())}), 422, "method_id"
    )
    assert_problem(await client.post(f"{path}/coupons", json={"code": ""}), 400, "code")
    assert_problem(await client.post(f"{path}/coupons", json={}), 400, "code")
    assert_problem(await client.post("/carts", json={"currency": "XYZ"}), 422, "currency")
    assert_problem(await client.post("/carts", json={"email": "nobody"}), 422, "email")
    assert_problem(await client.post("/carts", json={"owner": "me"}), 400, "owner")
    assert await cart_rows(database_url) == before


async def test_merging_needs_a_customer_token(client, cart, staff) -> None:
    assert_problem(await client.post(f"/carts/{cart['id']}/merge"), 401)
    assert_problem(await client.post(f"/carts/{cart['id']}/merge", headers=staff), 403)
    assert_problem(
        await client.get(f"/carts/{cart['id']}", headers={"Authorization": "Bearer nonsense"}), 401
    )


async def test_a_cart_is_made_without_a_body_and_a_bad_body_is_refused(client, database_url) -> None:
    made = await client.post("/carts")
    assert made.status_code == 201, made.text
    before = await cart_rows(database_url)
    assert_problem(await client.post("/carts", json={"currency": 5}), 400, "currency")
    assert_problem(await client.post("/carts", json={"email": "a\u0000@example.com"}), (400, 422), "email")
    assert_problem(await client.post("/carts", json=[]), 400)
    assert await cart_rows(database_url) == before
