"""An order's whole life after payment, through the app: shipment, label, a carrier's signed tracking
webhook, delivery, a return received and refunded; the stock and money ledgers balance and every
step's email reaches a real SMTP server, rendered from its template.

EasyPost is the fake API of tests/unit/shipping/fake_easypost.py (``httpx.MockTransport``); the mail
server is aiosmtpd on a free port.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from config.settings import Settings
from tests.e2e.test_notifications_support import mailbox, messages, settings, staff
from tests.e2e.test_shipping_easypost import easypost, easypost_method, webhook
from tests.e2e.test_shipping_fulfilment import shipments_of
from tests.support.eventually import eventually
from tests.support.mailbox import text_of
from tests.support.shop import buy
from tests.unit.shipping.fake_easypost import API_KEY, FROM_ADDRESS, WEBHOOK_SECRET, FakeEasyPost

__all__ = ["easypost", "mailbox", "settings", "staff"]
BUYER = "buyer@example.com"
UNITS = 10
JOURNEY = (
    "order_placed",
    "order_paid",
    "order_shipped",
    "order_delivered",
    "return_requested",
    "return_approved",
    "return_received",
    "order_refunded",
)


@pytest.fixture
async def client(settings: Settings, easypost: FakeEasyPost) -> AsyncIterator[Any]:
    from app import create_app

    configured = msgspec.structs.replace(
        settings,
        easypost_api_key=API_KEY,
        easypost_webhook_secret=WEBHOOK_SECRET,
        easypost_from_address_id=FROM_ADDRESS,
        tracking_poll_seconds=300.0,
    )
    async with AsyncTestClient(app=create_app(configured)) as test_client:
        yield test_client


async def test_a_paid_order_is_shipped_delivered_returned_and_refunded_with_ledgers_balanced_and_mailed(
    client, staff, easypost, mailbox
) -> None:
    placed = await buy(client, "MUG-1", await easypost_method(client, staff), quantity=2)
    assert placed.status_code == 201, placed.text
    order, guest = placed.json(), {"X-Order-Token": placed.headers["X-Order-Token"]}
    admin_order = f"/admin/orders/{order['id']}"

    [shipment] = await shipments_of(client, staff, order["id"])
    labelled = await client.post(f"/admin/shipments/{shipment['id']}/label", headers=staff)
    assert labelled.status_code == 200, labelled.text
    for step in ("fulfil", "ship"):
        assert (await client.post(f"{admin_order}/{step}", headers=staff)).status_code == 200
    await eventually(lambda: _shipment_is(client, staff, shipment["id"], "shipped"))
    headers, body = easypost.webhook(labelled.json()["tracking_number"], "tracker_delivered")
    assert (await webhook(client, headers, body)).status_code == 200
    await eventually(lambda: _order_is(client, order["id"], guest, "delivered"))

    asked = await client.post(
        f"/orders/{order['id']}/returns",
        json={"items": [{"sku": "MUG-1", "quantity": 2}], "reason": "too small"},
        headers=guest,
    )
    assert asked.status_code == 201, asked.text
    rma = f"/admin/returns/{asked.json()['id']}"
    assert (await client.post(f"{rma}/approve", headers=staff)).status_code == 200
    received = await client.post(f"{rma}/receive", headers=staff)
    assert received.status_code == 200, received.text
    final = await eventually(lambda: _order_is(client, order["id"], guest, "partially_refunded"))

    totals = order["totals"]
    payment = (await client.get(f"/admin/payments/{order['id']}", headers=staff)).json()
    assert payment["captured"]["amount"] == totals["total"]["amount"]
    # Both units came back: their paid price goes back, the delivery (already made) does not.
    assert payment["refunded"]["amount"] == totals["total"]["amount"] - totals["shipping"]["amount"] > 0
    assert [s["status"] for s in final["status_history"]][-4:] == [
        "delivered",
        "return_requested",
        "returned",
        "partially_refunded",
    ]
    stock = (await client.get("/admin/stock/MUG-1", headers=staff)).json()
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (UNITS, 0, UNITS)
    assert await _levels_from_ledger(client, staff, "MUG-1") == {
        w["code"]: (w["on_hand"], w["reserved"]) for w in stock["warehouses"]
    }
    sent = await eventually(lambda: _mailed(client, staff, len(JOURNEY)))
    assert sorted(m["event"] for m in sent) == sorted(JOURNEY)
    number = order["number"]
    assert len(mailbox.to(BUYER)) == len(JOURNEY)
    assert all(number in str(mail["Subject"]) or number in text_of(mail) for mail in mailbox.to(BUYER))


async def _shipment_is(client: Any, staff: dict[str, str], shipment_id: str, status: str) -> bool:
    return bool(
        (await client.get(f"/admin/shipments/{shipment_id}", headers=staff)).json()["status"] == status
    )


async def _order_is(client: Any, order_id: str, guest: dict[str, str], status: str) -> dict[str, Any] | None:
    found: dict[str, Any] = (await client.get(f"/orders/{order_id}", headers=guest)).json()
    return found if found["status"] == status else None


async def _mailed(client: Any, staff: dict[str, str], count: int) -> list[dict[str, Any]] | None:
    sent = [m for m in await messages(client, staff, "sent") if m["channel"] == "email"]
    return sent if len(sent) >= count else None


async def _levels_from_ledger(client: Any, staff: dict[str, str], sku: str) -> dict[str, tuple[int, int]]:
    """Every warehouse's (on_hand, reserved) rebuilt from the movements ledger alone."""
    levels: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    cursor = None
    while True:
        query = f"/admin/stock/movements?sku={sku}&limit=100" + (f"&cursor={cursor}" if cursor else "")
        page = (await client.get(query, headers=staff)).json()
        for m in page["items"]:
            on_hand, reserved = EFFECT[m["kind"]]
            levels[m["warehouse"]][0] += on_hand * m["quantity"]
            levels[m["warehouse"]][1] += reserved * m["quantity"]
        cursor = page["next_cursor"]
        if not cursor:
            return {code: (on_hand, reserved) for code, (on_hand, reserved) in levels.items()}


# What a movement of each kind does to (on_hand, reserved), per unit of its signed quantity.
EFFECT = {
    "receipt": (1, 0),
    "adjustment": (1, 0),
    "return": (1, 0),
    "transfer": (1, 0),
    "reservation": (0, 1),
    "release": (0, 1),
    "allocation": (0, 1),
    "shipment": (1, 1),
}
