"""A paid order gets its shipment; staff print its label, ship it and record its tracking until the
parcel, and then the order, reads delivered; its shopper follows it on /orders/{id}/tracking."""

from __future__ import annotations

import io
from typing import Any
from uuid import uuid4

import pytest
from pypdf import PdfReader

from tests.e2e.test_customers import signed_in
from tests.support.eventually import eventually
from tests.support.problems import assert_problem
from tests.support.shop import STAFF, buy, open_shop


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*STAFF)


async def shipments_of(
    client: Any, staff: dict[str, str], order_id: str, count: int = 1
) -> list[dict[str, Any]]:
    """The order's shipments, once fulfilment has made them (on OrderPaid, through the outbox)."""

    async def made() -> list[dict[str, Any]] | None:
        reply = await client.get("/admin/shipments", params={"order_id": order_id}, headers=staff)
        assert reply.status_code == 200, reply.text
        items: list[dict[str, Any]] = reply.json()["items"]
        return items if len(items) >= count else None

    found: list[dict[str, Any]] = await eventually(made)
    return found


async def ordered(
    client: Any, staff: dict[str, str], headers: dict[str, str] | None = None
) -> tuple[dict[str, Any], str]:
    method_id = await open_shop(client, staff, "MUG-1", 10)
    placed = await buy(client, "MUG-1", method_id, quantity=2, headers=headers)
    assert placed.status_code == 201, placed.text
    return placed.json(), placed.headers["X-Order-Token"]


async def status_of(client: Any, order_id: str, token: str) -> str:
    status: str = (await client.get(f"/orders/{order_id}", headers={"X-Order-Token": token})).json()["status"]
    return status


async def test_a_paid_order_ships_with_a_printed_label_and_staff_tracking_until_it_reads_delivered(
    client, staff
) -> None:
    order, token = await ordered(client, staff)
    [shipment] = await shipments_of(client, staff, order["id"])
    path = f"/admin/shipments/{shipment['id']}"

    labelled = await client.post(f"{path}/label", headers=staff)
    printed = await client.get(f"{path}/label", headers=staff)
    assert (await client.post(f"/admin/orders/{order['id']}/fulfil", headers=staff)).status_code == 200
    assert (await client.post(f"/admin/orders/{order['id']}/ship", headers=staff)).status_code == 200
    shipped = await eventually(lambda: _status(client, staff, path, "shipped"))
    moving = await client.post(
        f"{path}/tracking", json={"status": "in_transit", "description": "Hub Berlin"}, headers=staff
    )
    delivered = await client.post(f"{path}/tracking", json={"status": "delivered"}, headers=staff)
    final = await eventually(lambda: _order_is(client, order["id"], token, "delivered"))
    followed = await client.get(f"/orders/{order['id']}/tracking", headers={"X-Order-Token": token})

    assert (shipment["status"], shipment["warehouse"], shipment["carrier"], shipment["order_number"]) == (
        "pending", "MAIN", "table_rate", order["number"],
    )  # fmt: skip
    assert shipment["lines"] == [{"sku": "MUG-1", "quantity": 2}]
    assert (shipment["destination"]["name"], shipment["destination"]["city"]) == ("Ada Buyer", "Berlin")
    assert labelled.status_code == 200, labelled.text
    number = labelled.json()["tracking_number"]
    assert (labelled.json()["status"], labelled.json()["has_label"]) == ("labelled", True)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"].startswith("application/pdf")
    assert printed.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(printed.content)).pages)
    assert all(part in text for part in (number, "Ada Buyer", "Hauptstr. 1", "10115 Berlin", "2 x MUG-1"))
    assert shipped["tracking_number"] == number
    assert (moving.json()["status"], delivered.json()["status"]) == ("in_transit", "delivered")
    assert [h["status"] for h in final["status_history"]][-1] == "delivered"
    assert final["status_history"][-1]["actor"] == "carrier"
    assert followed.status_code == 200, followed.text
    [parcel] = followed.json()["shipments"]
    assert (parcel["tracking_number"], parcel["status"]) == (number, "delivered")
    assert [(e["status"], e["description"]) for e in parcel["events"]] == [
        ("in_transit", "Hub Berlin"),
        ("delivered", None),
    ]


async def _status(client: Any, staff: dict[str, str], path: str, status: str) -> dict[str, Any] | None:
    found: dict[str, Any] = (await client.get(path, headers=staff)).json()
    return found if found["status"] == status else None


async def _order_is(client: Any, order_id: str, token: str, status: str) -> dict[str, Any] | None:
    found: dict[str, Any] = (await client.get(f"/orders/{order_id}", headers={"X-Order-Token": token})).json()
    return found if found["status"] == status else None


async def test_a_label_is_bought_once_and_none_is_printed_before(client, staff) -> None:
    order, _ = await ordered(client, staff)
    [shipment] = await shipments_of(client, staff, order["id"])
    path = f"/admin/shipments/{shipment['id']}/label"

    before = await client.get(path, headers=staff)
    first, again = await client.post(path, headers=staff), await client.post(path, headers=staff)

    assert_problem(before, 404)
    assert first.json()["tracking_number"] == again.json()["tracking_number"]


async def test_a_customer_follows_their_own_order_and_another_gets_404(client, staff) -> None:
    ann = await signed_in(client, "ann@example.com")
    bob = await signed_in(client, "bob@example.com")
    order, _ = await ordered(client, staff, headers=ann)
    await shipments_of(client, staff, order["id"])

    mine = await client.get(f"/orders/{order['id']}/tracking", headers=ann)

    assert mine.status_code == 200, mine.text
    assert [p["status"] for p in mine.json()["shipments"]] == ["pending"]
    assert_problem(await client.get(f"/orders/{order['id']}/tracking", headers=bob), 404)
    assert_problem(await client.get(f"/orders/{order['id']}/tracking"), 404)
    assert_problem(
        await client.get(f"/orders/{order['id']}/tracking", headers={"X-Order-Token": "guess"}), 404
    )
    assert_problem(await client.get(f"/orders/{uuid4()}/tracking", headers=ann), 404)


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"status": "lost"}, 400, "status"),
        ({}, 400, "status"),
        ({"status": "delivered", "description": ""}, 400, "description"),
        ({"status": "delivered", "where": "here"}, 400, "where"),
    ],
)
async def test_a_bad_tracking_record_names_the_field_and_changes_nothing(
    client, staff, body, status, field
) -> None:
    order, _ = await ordered(client, staff)
    [shipment] = await shipments_of(client, staff, order["id"])
    path = f"/admin/shipments/{shipment['id']}"

    assert_problem(await client.post(f"{path}/tracking", json=body, headers=staff), status, field)
    assert (await client.get(path, headers=staff)).json()["tracking"] == []


async def test_shipments_need_staff_with_the_shipping_permissions(
    client, staff, staff_headers, customer_headers
) -> None:
    order, _ = await ordered(client, staff)
    [shipment] = await shipments_of(client, staff, order["id"])
    path = f"/admin/shipments/{shipment['id']}"
    reader = staff_headers("shipping:read")

    assert_problem(await client.get("/admin/shipments"), 401)
    assert_problem(await client.get("/admin/shipments", headers=customer_headers), 403)
    assert_problem(await client.post(f"{path}/label", headers=reader), 403)
    assert_problem(await client.post(f"{path}/tracking", json={"status": "delivered"}, headers=reader), 403)
    assert (await client.get(path, headers=reader)).status_code == 200
    assert_problem(await client.get(f"/admin/shipments/{uuid4()}", headers=reader), 404)
    assert_problem(await client.post(f"/admin/shipments/{uuid4()}/label", headers=staff), 404)


async def test_staff_page_through_shipments_newest_first(client, staff) -> None:
    method_id = await open_shop(client, staff, "MUG-1", 10)
    orders = []
    for _ in range(3):
        placed = await buy(client, "MUG-1", method_id)
        assert placed.status_code == 201, placed.text
        orders.append(placed.json()["id"])
        await shipments_of(client, staff, orders[-1])

    first = (await client.get("/admin/shipments", params={"limit": 2}, headers=staff)).json()
    rest = (
        await client.get(
            "/admin/shipments", params={"limit": 2, "cursor": first["next_cursor"]}, headers=staff
        )
    ).json()
    pending = (await client.get("/admin/shipments", params={"status": "pending"}, headers=staff)).json()

    assert [s["order_id"] for s in first["items"] + rest["items"]] == orders[::-1]
    assert rest["next_cursor"] is None
    assert len(pending["items"]) == 3
    assert_problem(
        await client.get("/admin/shipments", params={"cursor": "nonsense"}, headers=staff), 422, "cursor"
    )
    assert_problem(
        await client.get("/admin/shipments", params={"status": "lost"}, headers=staff), 400, "status"
    )
