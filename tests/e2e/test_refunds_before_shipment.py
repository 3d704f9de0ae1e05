"""An order refunded before it ships: refunded in full, its goods are no longer sold (stock back,
shipments cancelled); refunded in part (a price match), it can still be shipped, or cancelled (the
rest refunded, stock back), until something ships. A refund after shipment leaves the stock to
returns."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_shipping_fulfilment import shipments_of
from tests.support.eventually import eventually
from tests.support.problems import assert_problem
from tests.support.shop import STAFF, buy, open_shop

SKU = "RB-1"
PRICE = 1999
TOTAL = 2 * PRICE + 490  # two units and the 4.90 parcel


@pytest.fixture
def staff(staff_headers) -> dict[str, str]:
    return staff_headers(*STAFF)


async def ordered(client: Any, staff: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A guest's paid order of 2 x RB-1 out of 10 in stock, once its shipment was made; and its token."""
    method_id = await open_shop(client, staff, SKU, 10, price=PRICE)
    placed = await buy(client, SKU, method_id, quantity=2)
    assert placed.status_code == 201, placed.text
    order: dict[str, Any] = placed.json()
    assert order["totals"]["total"]["amount"] == TOTAL
    await shipments_of(client, staff, order["id"])
    return order, placed.headers["X-Order-Token"]


async def stock(client: Any, staff: dict[str, str]) -> tuple[int, int, int]:
    level = (await client.get(f"/admin/stock/{SKU}", headers=staff)).json()
    return level["on_hand"], level["reserved"], level["available"]


async def refund(client: Any, staff: dict[str, str], order: dict[str, Any], amount: int) -> Any:
    body = {"amount": amount, "reason": "out of business"}
    return await client.post(f"/admin/orders/{order['id']}/refunds", json=body, headers=staff)


async def admin_view(client: Any, staff: dict[str, str], order: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = (await client.get(f"/admin/orders/{order['id']}", headers=staff)).json()
    return found


async def shipment_statuses(client: Any, staff: dict[str, str], order: dict[str, Any]) -> list[str]:
    reply = await client.get("/admin/shipments", params={"order_id": order["id"]}, headers=staff)
    return [shipment["status"] for shipment in reply.json()["items"]]


async def cancelled_shipments(client: Any, staff: dict[str, str], order: dict[str, Any]) -> list[str]:
    async def all_cancelled() -> list[str] | None:
        statuses = await shipment_statuses(client, staff, order)
        return statuses if statuses and set(statuses) == {"cancelled"} else None

    found: list[str] = await eventually(all_cancelled)
    return found


async def released(client: Any, staff: dict[str, str], order: dict[str, Any]) -> list[tuple[int, str | None]]:
    """The ledger's lines giving the order's allocation back."""
    reply = await client.get("/admin/stock/movements", params={"sku": SKU}, headers=staff)
    return [
        (m["quantity"], m["reason"])
        for m in reply.json()["items"]
        if m["kind"] == "release" and m["reference"] == order["id"]
    ]


async def test_a_full_refund_before_shipment_gives_the_stock_back_and_cancels_the_shipment(
    client, staff
) -> None:
    order, _ = await ordered(client, staff)
    held = await stock(client, staff)

    refunded = await refund(client, staff, order, TOTAL)

    assert held == (10, 2, 8)
    assert refunded.status_code == 201, refunded.text
    assert refunded.json()["status"] == "refunded"
    assert await stock(client, staff) == (10, 0, 10)
    assert await released(client, staff, order) == [(-2, "order refunded before shipment")]
    assert await cancelled_shipments(client, staff, order) == ["cancelled"]
    seen = await admin_view(client, staff, order)
    assert [c["status"] for c in seen["status_history"]][-1] == "refunded"
    assert (seen["status_history"][-1]["reason"], seen["status_history"][-1]["actor"][:6]) == (
        "out of business",
        "staff:",
    )
    assert_problem(await client.post(f"/admin/orders/{order['id']}/fulfil", headers=staff), 409, "status")
    assert_problem(await client.post(f"/admin/orders/{order['id']}/cancel", headers=staff), 409, "status")


async def test_a_partial_refund_then_the_rest_gives_the_stock_back_once(client, staff) -> None:
    order, _ = await ordered(client, staff)

    part = await refund(client, staff, order, 500)
    after_part = await stock(client, staff)
    rest = await refund(client, staff, order, TOTAL - 500)

    assert (part.json()["status"], rest.json()["status"]) == ("partially_refunded", "refunded")
    assert after_part == (10, 2, 8)
    assert await stock(client, staff) == (10, 0, 10)
    assert len(await released(client, staff, order)) == 1
    assert await cancelled_shipments(client, staff, order) == ["cancelled"]


@pytest.mark.parametrize("by", ["customer", "staff"])
async def test_a_partially_refunded_order_not_shipped_can_be_cancelled_refunding_the_rest(
    client, staff, by
) -> None:
    order, token = await ordered(client, staff)
    assert (await refund(client, staff, order, 500)).status_code == 201
    path = f"/orders/{order['id']}/cancel" if by == "customer" else f"/admin/orders/{order['id']}/cancel"
    headers = {"X-Order-Token": token} if by == "customer" else staff

    cancelled = await client.post(path, json={"reason": "price match was not enough"}, headers=headers)

    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert [c["status"] for c in cancelled.json()["status_history"]][2:] == [
        "partially_refunded",
        "cancelled",
    ]
    assert await stock(client, staff) == (10, 0, 10)
    assert await released(client, staff, order) == [(-2, "order cancelled")]
    assert cancelled.json()["payment"]["status"] == "refunded"
    assert await cancelled_shipments(client, staff, order) == ["cancelled"]


async def test_a_partially_refunded_order_not_shipped_still_ships(client, staff) -> None:
    order, token = await ordered(client, staff)
    base = f"/admin/orders/{order['id']}"
    assert (await refund(client, staff, order, 500)).status_code == 201

    fulfilling = await client.post(f"{base}/fulfil", headers=staff)
    shipped = await client.post(f"{base}/ship", json={"tracking_number": "PM1"}, headers=staff)

    assert fulfilling.status_code == 200, fulfilling.text
    assert shipped.status_code == 200, shipped.text
    assert [c["status"] for c in shipped.json()["status_history"]][2:] == [
        "partially_refunded",
        "fulfilling",
        "shipped",
    ]
    assert shipped.json()["refunded"] == {"amount": 500, "currency": "EUR"}
    assert await stock(client, staff) == (8, 0, 8)
    assert await eventually(lambda: _all_shipped(client, staff, order))
    assert_problem(await client.post(f"/orders/{order['id']}/cancel", headers={"X-Order-Token": token}), 409)


async def _all_shipped(client: Any, staff: dict[str, str], order: dict[str, Any]) -> bool:
    return await shipment_statuses(client, staff, order) == ["shipped"]


async def test_a_refund_after_shipment_changes_no_stock_and_the_order_cannot_be_cancelled(
    client, staff
) -> None:
    order, token = await ordered(client, staff)
    base = f"/admin/orders/{order['id']}"
    assert (await client.post(f"{base}/fulfil", headers=staff)).status_code == 200
    assert (await client.post(f"{base}/ship", headers=staff)).status_code == 200
    shipped = await stock(client, staff)

    part = await refund(client, staff, order, 500)
    too_late = await client.post(f"/orders/{order['id']}/cancel", headers={"X-Order-Token": token})
    rest = await refund(client, staff, order, TOTAL - 500)

    assert shipped == (8, 0, 8)
    assert (part.json()["status"], rest.json()["status"]) == ("partially_refunded", "refunded")
    assert_problem(too_late, 409, "status")
    assert await stock(client, staff) == (8, 0, 8)
    assert await released(client, staff, order) == []
    assert await shipment_statuses(client, staff, order) == ["shipped"]
