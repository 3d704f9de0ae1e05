"""An order shipped by EasyPost: priced live at checkout, its label bought, its tracking reported by
signed webhooks (a forged or replayed one changes nothing) and by polling, until it reads delivered.

EasyPost is the fake API of tests/unit/shipping/fake_easypost.py on ``httpx.MockTransport``,
installed in place of the built-in factory for the test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from adapters.shipping import CARRIERS
from adapters.shipping.easypost import EasyPostCarrier
from config.settings import Settings
from tests.e2e.test_shipping_fulfilment import shipments_of
from tests.support.eventually import eventually
from tests.support.problems import assert_problem
from tests.support.shop import STAFF, buy, open_shop
from tests.unit.shipping.fake_easypost import API_KEY, FROM_ADDRESS, WEBHOOK_SECRET, FakeEasyPost


@pytest.fixture
def easypost() -> Iterator[FakeEasyPost]:
    api, built_in = FakeEasyPost(), CARRIERS.factory("easypost")

    def factory(settings: Settings) -> EasyPostCarrier:
        return EasyPostCarrier(
            settings.easypost_api_key,
            settings.easypost_webhook_secret,
            settings.easypost_from_address_id,
            transport=api.transport,
        )

    CARRIERS.register("easypost", factory)
    yield api
    CARRIERS.register("easypost", built_in)


@pytest.fixture
def poll_seconds() -> float:
    """How often the tracking worker asks EasyPost: seldom, but for the test of polling."""
    return 300.0


@pytest.fixture
async def client(settings: Settings, easypost: FakeEasyPost, poll_seconds: float) -> AsyncIterator[Any]:
    from app import create_app

    configured = msgspec.structs.replace(
        settings,
        easypost_api_key=API_KEY,
        easypost_webhook_secret=WEBHOOK_SECRET,
        easypost_from_address_id=FROM_ADDRESS,
        tracking_poll_seconds=poll_seconds,
    )
    async with AsyncTestClient(app=create_app(configured)) as test_client:
        yield test_client


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*STAFF)


async def easypost_method(client: Any, staff: dict[str, str]) -> str:
    await open_shop(client, staff, "MUG-1", 10)
    world = next(
        z
        for z in (await client.get("/admin/shipping/zones", headers=staff)).json()["items"]
        if z["name"] == "World"
    )
    body = {
        "zone_id": world["id"], "name": "Courier", "carrier": "easypost", "service": "USPS:GroundAdvantage",
        "basis": "flat", "rates": [{"price": 0}],
    }  # fmt: skip
    made = await client.post("/admin/shipping/methods", json=body, headers=staff)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def shipped(client: Any, staff: dict[str, str]) -> tuple[dict[str, Any], str, dict[str, Any]]:
    """A paid order by EasyPost, labelled and shipped: the order, its token and its shipment."""
    placed = await buy(client, "MUG-1", await easypost_method(client, staff))
    assert placed.status_code == 201, placed.text
    order = placed.json()
    [shipment] = await shipments_of(client, staff, order["id"])
    labelled = await client.post(f"/admin/shipments/{shipment['id']}/label", headers=staff)
    assert labelled.status_code == 200, labelled.text
    for step in ("fulfil", "ship"):
        assert (await client.post(f"/admin/orders/{order['id']}/{step}", headers=staff)).status_code == 200
    await eventually(
        lambda: _shipment_status(client, staff, shipment["id"], "shipped")
    )  # OrderShipped arrived
    return order, placed.headers["X-Order-Token"], labelled.json()


async def webhook(client: Any, headers: dict[str, str], body: bytes) -> Any:
    return await client.post("/webhooks/shipping/easypost", content=body, headers=headers)


async def test_an_easypost_order_is_priced_live_labelled_and_delivered_by_a_signed_webhook(
    client, staff, easypost
) -> None:
    order, token, shipment = await shipped(client, staff)
    path = f"/admin/shipments/{shipment['id']}"
    headers, body = easypost.webhook(shipment["tracking_number"], "tracker_delivered")

    printed = await client.get(f"{path}/label", headers=staff, follow_redirects=False)
    received = await webhook(client, headers, body)
    replayed = await webhook(client, headers, body)
    final = await eventually(lambda: _order_status(client, order["id"], token, "delivered"))
    seen = (await client.get(path, headers=staff)).json()

    assert order["totals"]["shipping"] == {"amount": 695, "currency": "EUR"}  # USPS GroundAdvantage, live
    assert (shipment["carrier"], shipment["service"]) == ("easypost", "USPS:GroundAdvantage")
    assert shipment["tracking_number"].startswith("94001")
    assert easypost.bodies("POST", "/shipments")[-1]["shipment"]["to_address"]["street1"] == "Hauptstr. 1"
    assert (printed.status_code, printed.headers["location"]) == (302, shipment["label_url"])
    assert (received.status_code, received.json()) == (200, {"duplicate": False, "updates": 6})
    assert (replayed.status_code, replayed.json()) == (200, {"duplicate": True, "updates": 0})
    assert final["status_history"][-1]["actor"] == "carrier"
    assert seen["status"] == "delivered"
    assert [e["status"] for e in seen["tracking"]][-2:] == ["out_for_delivery", "delivered"]
    assert {e["source"] for e in seen["tracking"]} == {"carrier:easypost"}


async def _order_status(client: Any, order_id: str, token: str, status: str) -> dict[str, Any] | None:
    found: dict[str, Any] = (await client.get(f"/orders/{order_id}", headers={"X-Order-Token": token})).json()
    return found if found["status"] == status else None


async def test_a_webhook_with_a_bad_signature_is_refused_and_changes_nothing(client, staff, easypost) -> None:
    order, token, shipment = await shipped(client, staff)
    headers, body = easypost.webhook(shipment["tracking_number"], "tracker_delivered")
    path = f"/admin/shipments/{shipment['id']}"
    before = (await client.get(path, headers=staff)).json()

    forged = await webhook(client, {**headers, "X-Hmac-Signature": "hmac-sha256-hex=" + "0" * 64}, body)
    unsigned = await webhook(client, {"Content-Type": "application/json"}, body)
    tampered = await webhook(
        client, headers, body.replace(b"Delivered, In/At Mailbox", b"Delivered to a neighbour")
    )

    for refused in (forged, unsigned, tampered):
        assert_problem(refused, 400, "X-Hmac-Signature")
    after = (await client.get(path, headers=staff)).json()
    assert (after["status"], after["tracking"]) == (before["status"], before["tracking"]) == ("shipped", [])
    assert (await client.get(f"/orders/{order['id']}", headers={"X-Order-Token": token})).json()[
        "status"
    ] == "shipped"
    assert (await webhook(client, headers, body)).json()["duplicate"] is False  # the genuine one is still new


async def test_a_late_report_never_moves_a_delivered_parcel_back(client, staff, easypost) -> None:
    _, _, shipment = await shipped(client, staff)
    code = shipment["tracking_number"]
    await webhook(client, *easypost.webhook(code, "tracker_delivered"))

    late = await webhook(client, *easypost.webhook(code, "tracker_in_transit"))

    seen = (await client.get(f"/admin/shipments/{shipment['id']}", headers=staff)).json()
    assert late.status_code == 200, late.text
    assert seen["status"] == "delivered"


@pytest.mark.parametrize("poll_seconds", [0.2])
async def test_parcels_in_flight_are_polled_from_easypost_without_webhooks(client, staff, easypost) -> None:
    _, _, shipment = await shipped(client, staff)
    easypost.advance(shipment["tracking_number"], "tracker_in_transit")

    moved = await eventually(lambda: _shipment_status(client, staff, shipment["id"], "in_transit"))

    assert any(r.url.path.startswith("/v2/trackers/") for r in easypost.requests)
    assert [e["status"] for e in moved["tracking"]] == [
        "pre_transit",
        "pre_transit",
        "in_transit",
        "in_transit",
    ]


async def _shipment_status(
    client: Any, staff: dict[str, str], shipment_id: str, status: str
) -> dict[str, Any] | None:
    found: dict[str, Any] = (await client.get(f"/admin/shipments/{shipment_id}", headers=staff)).json()
    return found if found["status"] == status else None


async def test_staff_cannot_record_tracking_for_easypost_parcels(client, staff) -> None:
    _, _, shipment = await shipped(client, staff)

    refused = await client.post(
        f"/admin/shipments/{shipment['id']}/tracking", json={"status": "delivered"}, headers=staff
    )

    assert_problem(refused, 409, "status")


async def test_webhooks_of_a_carrier_that_sends_none_or_of_none_installed_are_not_found(client) -> None:
    headers = {"Content-Type": "application/json"}

    assert_problem(await client.post("/webhooks/shipping/table_rate", content=b"{}", headers=headers), 404)
    assert_problem(await client.post("/webhooks/shipping/pigeon", content=b"{}", headers=headers), 404)
