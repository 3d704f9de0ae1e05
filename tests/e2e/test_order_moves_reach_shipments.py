"""Staff moving the order itself (``/admin/orders/{id}/ship`` with a tracking number, then ``/deliver``)
moves its shipments along: the shopper's tracking and staff's shipments agree with the order."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_shipping_fulfilment import ordered, shipments_of
from tests.support.eventually import eventually
from tests.support.shop import STAFF


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*STAFF)


async def parcel_reads(client: Any, order_id: str, token: str, status: str) -> dict[str, Any] | None:
    """The order's one parcel as its shopper follows it, once it reads ``status``."""
    reply = await client.get(f"/orders/{order_id}/tracking", headers={"X-Order-Token": token})
    assert reply.status_code == 200, reply.text
    [parcel] = reply.json()["shipments"]
    return parcel if parcel["status"] == status else None


async def shipped_order(client: Any, staff: dict[str, str], tracking_number: str) -> tuple[Any, ...]:
    """A paid order with its shipment, fulfilled and shipped by staff with ``tracking_number``: the
    order, its token and the ship reply."""
    order, token = await ordered(client, staff)
    await shipments_of(client, staff, order["id"])
    base = f"/admin/orders/{order['id']}"
    assert (await client.post(f"{base}/fulfil", headers=staff)).status_code == 200
    body = {"carrier": "table_rate", "tracking_number": tracking_number}
    return order, token, await client.post(f"{base}/ship", json=body, headers=staff)


async def test_the_tracking_number_staff_type_when_shipping_the_order_reaches_its_shipment(
    client, staff
) -> None:
    order, token, shipped = await shipped_order(client, staff, "TRK1")
    parcel = await eventually(lambda: parcel_reads(client, order["id"], token, "shipped"))
    [shipment] = await shipments_of(client, staff, order["id"])

    assert shipped.status_code == 200, shipped.text
    assert (shipped.json()["status"], shipped.json()["tracking_number"]) == ("shipped", "TRK1")
    assert (parcel["tracking_number"], parcel["shipped_at"] is not None) == ("TRK1", True)
    assert (shipment["tracking_number"], shipment["status"]) == ("TRK1", "shipped")


async def test_an_order_staff_deliver_reads_delivered_on_its_tracking_and_its_shipments(
    client, staff
) -> None:
    order, token, shipped = await shipped_order(client, staff, "TRK2")
    assert shipped.status_code == 200, shipped.text

    delivered = await client.post(f"/admin/orders/{order['id']}/deliver", headers=staff)
    parcel = await eventually(lambda: parcel_reads(client, order["id"], token, "delivered"))
    [shipment] = await shipments_of(client, staff, order["id"])
    seen = (await client.get(f"/orders/{order['id']}", headers={"X-Order-Token": token})).json()

    assert delivered.status_code == 200, delivered.text
    assert (parcel["tracking_number"], parcel["delivered_at"] is not None) == ("TRK2", True)
    assert (shipment["status"], shipment["tracking_number"]) == ("delivered", "TRK2")
    assert shipment["delivered_at"] == parcel["delivered_at"]
    assert (seen["status"], seen["tracking_number"]) == ("delivered", "TRK2")
    assert [c["status"] for c in seen["status_history"]].count("delivered") == 1


async def test_an_order_shipped_without_a_tracking_number_shows_its_parcels_label_number(
    client, staff
) -> None:
    order, token = await ordered(client, staff)
    [shipment] = await shipments_of(client, staff, order["id"])
    labelled = await client.post(f"/admin/shipments/{shipment['id']}/label", headers=staff)
    number = labelled.json()["tracking_number"]
    base = f"/admin/orders/{order['id']}"
    assert (await client.post(f"{base}/fulfil", headers=staff)).status_code == 200

    async def order_shows_it() -> dict[str, Any] | None:
        seen: dict[str, Any] = (
            await client.get(f"/orders/{order['id']}", headers={"X-Order-Token": token})
        ).json()
        return seen if seen["tracking_number"] == number else None

    noted = await eventually(order_shows_it)
    shipped = await client.post(f"{base}/ship", json={}, headers=staff)
    parcel = await eventually(lambda: parcel_reads(client, order["id"], token, "shipped"))

    assert noted["carrier"] == "table_rate"
    assert (shipped.json()["status"], shipped.json()["tracking_number"]) == ("shipped", number)
    assert parcel["tracking_number"] == number
