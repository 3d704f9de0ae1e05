"""Returns (RMA) over HTTP: a shopper asks within the window after delivery, staff approve or reject and
receive the units (restocked into the warehouse they left, or written off), and the received lines'
paid amount goes back to the original payment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec

from domains.orders.messages import StatusChange
from domains.payments.messages import GetPayment
from tests.e2e.test_orders_support import Shop, created, shop, staff
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def delivered(shop: Shop, *items: tuple[str, int]) -> tuple[dict[str, Any], dict[str, str]]:
    """A guest's order of these items, fulfilled, shipped and delivered by staff, and its token header."""
    placed = await shop.checkout(await shop.cart(*(items or (("MUG-1", 2),))))
    assert placed.status_code == 201, placed.text
    order, guest = placed.json(), {"X-Order-Token": placed.headers["X-Order-Token"]}
    base = f"/admin/orders/{order['id']}"
    for step in ("fulfil", "ship", "deliver"):
        moved = await shop.client.post(f"{base}/{step}", headers=shop.staff)
        assert moved.status_code == 200, moved.text
    return moved.json(), guest


async def ask(shop: Shop, order: dict[str, Any], headers: dict[str, str], *lines: tuple[str, int]) -> Any:
    body = {"items": [{"sku": sku, "quantity": n} for sku, n in lines], "reason": "too small"}
    return await shop.client.post(f"/orders/{order['id']}/returns", json=body, headers=headers)


async def approved(
    shop: Shop, order: dict[str, Any], headers: dict[str, str], *lines: tuple[str, int]
) -> str:
    asked = await ask(shop, order, headers, *lines)
    assert asked.status_code == 201, asked.text
    approval = await shop.client.post(f"/admin/returns/{asked.json()['id']}/approve", headers=shop.staff)
    assert (approval.status_code, approval.json()["status"]) == (200, "approved"), approval.text
    return str(asked.json()["id"])


async def receive(shop: Shop, return_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    received = await shop.client.post(f"/admin/returns/{return_id}/receive", json=body, headers=shop.staff)
    assert received.status_code == 200, received.text
    found: dict[str, Any] = received.json()
    return found


async def returns_in_ledger(shop: Shop, sku: str) -> list[tuple[str, str, int]]:
    ledger = await shop.client.get(f"/admin/stock/movements?sku={sku}", headers=shop.staff)
    assert ledger.status_code == 200, ledger.text
    return [
        (m["kind"], m["warehouse"], m["quantity"]) for m in ledger.json()["items"] if m["kind"] == "return"
    ]


async def test_a_delivered_order_comes_back_in_two_returns_with_stock_and_money_ledgers_balancing(
    shop: Shop,
) -> None:
    await created(shop.client, "/admin/tax-rates", shop.staff, {"country": "DE", "rate": "0.19"})
    order, guest = await delivered(shop, ("MUG-1", 2))
    (line,) = order["items"]
    assert line["total"]["amount"] == 2975  # 2 x 12.50 plus 19% VAT

    first = await approved(shop, order, guest, ("MUG-1", 1))
    assert (await shop.client.get(f"/orders/{order['id']}", headers=guest)).json()[
        "status"
    ] == "return_requested"
    one = await receive(shop, first)
    second = await approved(shop, order, guest, ("MUG-1", 1))
    two = await receive(shop, second)

    assert [r["status"] for r in (one, two)] == ["refunded", "refunded"]
    assert [c["status"] for c in one["status_history"]] == ["requested", "approved", "received", "refunded"]
    assert [r["refund"]["amount"] for r in (one, two)] == [1488, 1487]  # 29.75 shared out to the cent
    assert two["restocked"] == [{"sku": "MUG-1", "warehouse": "BER", "quantity": 1}]
    assert await returns_in_ledger(shop, "MUG-1") == [("return", "BER", 1), ("return", "BER", 1)]
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 0, 5)
    payment = await shop.on_bus(GetPayment(order_id=UUID(order["id"])))
    assert (payment.refunded.amount, payment.status) == (2975, "partially_refunded")
    seen = (await shop.client.get(f"/orders/{order['id']}", headers=guest)).json()
    assert (seen["status"], seen["refunded"]["amount"]) == ("partially_refunded", 2975)
    assert [c["status"] for c in seen["status_history"]][5:] == [
        "return_requested",
        "partially_refunded",
        "return_requested",
        "returned",
        "partially_refunded",
    ]
    mine = (await shop.client.get(f"/orders/{order['id']}/returns", headers=guest)).json()
    assert [r["id"] for r in mine] == [first, second]


async def test_a_written_off_unit_is_refunded_but_never_comes_back_into_stock(shop: Shop) -> None:
    order, guest = await delivered(shop, ("MUG-1", 2))
    return_id = await approved(shop, order, guest, ("MUG-1", 2))

    done = await receive(
        shop,
        return_id,
        {"items": [{"sku": "MUG-1", "quantity": 1}, {"sku": "MUG-1", "quantity": 1, "restock": False}]},
    )

    assert [(r["quantity"], r["restock"]) for r in done["received"]] == [(1, True), (1, False)]
    assert (done["status"], done["refund"]["amount"]) == ("refunded", 2500)
    assert await returns_in_ledger(shop, "MUG-1") == [("return", "BER", 1)]
    assert (await shop.stock("MUG-1"))["on_hand"] == 4


async def test_a_return_before_delivery_is_409(shop: Shop) -> None:
    placed = await shop.checkout(await shop.cart(("MUG-1", 1)))
    order, guest = placed.json(), {"X-Order-Token": placed.headers["X-Order-Token"]}

    refused = await ask(shop, order, guest, ("MUG-1", 1))

    assert_problem(refused, 409, "status")
    assert "not been delivered" in refused.json()["detail"]


async def test_a_return_past_the_window_is_409_naming_it(shop: Shop) -> None:
    order, guest = await delivered(shop, ("MUG-1", 1))
    (row,) = await shop.rows("SELECT status_history FROM orders_orders WHERE id = $1", UUID(order["id"]))
    history = msgspec.json.decode(row["status_history"], type=list[StatusChange])
    long_ago = datetime.now(UTC) - timedelta(days=31)
    moved = [msgspec.structs.replace(c, at=long_ago) if c.status == "delivered" else c for c in history]
    await shop.rows(
        "UPDATE orders_orders SET status_history = $1::jsonb WHERE id = $2 RETURNING id",
        msgspec.json.encode(moved).decode(),
        UUID(order["id"]),
    )

    refused = await ask(shop, order, guest, ("MUG-1", 1))

    assert_problem(refused, 409, "delivered_at")
    assert "return window closed" in refused.json()["detail"]


async def test_asking_back_more_units_than_are_left_or_a_sku_not_ordered_is_422_naming_the_line(
    shop: Shop,
) -> None:
    order, guest = await delivered(shop, ("MUG-1", 2))
    assert (await ask(shop, order, guest, ("MUG-1", 1))).status_code == 201

    too_many = await ask(shop, order, guest, ("MUG-1", 2))
    unknown = await ask(shop, order, guest, ("MUG-2", 1))
    empty = await ask(shop, order, guest)

    assert_problem(too_many, 422, "items[0].quantity")
    assert_problem(unknown, 422, "items[0].sku")
    assert_problem(empty, 400, "items")
    assert len((await shop.client.get(f"/orders/{order['id']}/returns", headers=guest)).json()) == 1


async def test_staff_reject_a_return_and_the_order_is_delivered_again(shop: Shop) -> None:
    order, guest = await delivered(shop, ("MUG-1", 1))
    asked = (await ask(shop, order, guest, ("MUG-1", 1))).json()
    waiting = (await shop.client.get("/admin/returns?status=requested", headers=shop.staff)).json()

    rejected = await shop.client.post(
        f"/admin/returns/{asked['id']}/reject", json={"reason": "worn"}, headers=shop.staff
    )

    assert [r["id"] for r in waiting["items"]] == [asked["id"]]
    assert (rejected.status_code, rejected.json()["rejection_reason"]) == (200, "worn")
    assert (await shop.client.get(f"/orders/{order['id']}", headers=guest)).json()["status"] == "delivered"
    assert_problem(await shop.client.post(f"/admin/returns/{asked['id']}/receive", headers=shop.staff), 409)
    assert_problem(
        await shop.client.post(f"/admin/returns/{asked['id']}/reject", json={}, headers=shop.staff),
        400,
        "reason",
    )


async def test_only_the_orders_owner_or_token_holder_sees_or_asks_for_its_returns(shop: Shop) -> None:
    order, _ = await delivered(shop, ("MUG-1", 1))

    assert_problem(await ask(shop, order, {"X-Order-Token": "guess"}, ("MUG-1", 1)), 404)
    assert_problem(await shop.client.get(f"/orders/{order['id']}/returns"), 404)
    assert_problem(await shop.client.get("/admin/returns"), 401)
