"""Orders over HTTP: shoppers read and cancel their own, staff list them and move them along."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tests.e2e.test_customers import signed_in
from tests.e2e.test_orders_support import Shop, shop, staff
from tests.e2e.test_promotions_support import codes, promotion
from tests.support.eventually import eventually
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def paid(
    shop: Shop, *items: tuple[str, int], headers: dict[str, str] | None = None
) -> tuple[dict[str, Any], str]:
    """A paid order of these items, and its X-Order-Token."""
    response = await shop.checkout(
        await shop.cart(*(items or (("MUG-1", 2),)), headers=headers), headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json(), response.headers["X-Order-Token"]


async def test_a_customer_lists_and_reads_their_own_orders_and_another_customer_gets_404(shop: Shop) -> None:
    ann = await signed_in(shop.client, "ann@example.com")
    bob = await signed_in(shop.client, "bob@example.com")
    order, _ = await paid(shop, headers=ann)
    await paid(shop, ("MUG-2", 1), headers=bob)

    mine = await shop.client.get("/orders", headers=ann)
    one = await shop.client.get(f"/orders/{order['id']}", headers=ann)
    theirs = await shop.client.get(f"/orders/{order['id']}", headers=bob)

    assert mine.status_code == 200, mine.text
    assert [o["id"] for o in mine.json()["items"]] == [order["id"]]
    assert one.json()["status_history"][0]["actor"] == f"customer:{order['customer_id']}"
    assert_problem(theirs, 404)
    assert_problem(await shop.client.get(f"/orders/{order['id']}"), 404)


async def test_a_guest_reads_their_order_with_its_x_order_token_only(shop: Shop) -> None:
    order, token = await paid(shop)

    seen = await shop.client.get(f"/orders/{order['id']}", headers={"X-Order-Token": token})

    assert seen.status_code == 200, seen.text
    assert (seen.json()["number"], seen.json()["status"]) == (order["number"], "paid")
    assert_problem(await shop.client.get(f"/orders/{order['id']}", headers={"X-Order-Token": "guess"}), 404)
    assert_problem(await shop.client.get("/orders"), 401)


async def test_a_customer_pages_their_orders_newest_first(shop: Shop) -> None:
    ann = await signed_in(shop.client, "ann@example.com")
    first, _ = await paid(shop, ("MUG-1", 1), headers=ann)
    second, _ = await paid(shop, ("MUG-2", 1), headers=ann)

    page = (await shop.client.get("/orders?limit=1", headers=ann)).json()
    rest = (await shop.client.get(f"/orders?limit=1&cursor={page['next_cursor']}", headers=ann)).json()

    assert [o["id"] for o in page["items"] + rest["items"]] == [second["id"], first["id"]]
    assert rest["next_cursor"] is None
    assert_problem(await shop.client.get("/orders?cursor=nonsense", headers=ann), 422, "cursor")


async def test_cancelling_gives_back_the_stock_the_payment_and_the_coupon_use(shop: Shop) -> None:
    made = await promotion(shop.client, shop.staff, value=10, coupon_required=True)
    await codes(shop.client, shop.staff, made["id"], code="SAVE10")
    cart_id = await shop.cart(("MUG-1", 2))
    assert (await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": "SAVE10"})).status_code == 200
    placed = await shop.checkout(cart_id)
    order, token = placed.json(), placed.headers["X-Order-Token"]

    cancelled = await shop.client.post(
        f"/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers={"X-Order-Token": token}
    )

    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert (body["status"], body["payment"]["status"]) == ("cancelled", "refunded")
    assert body["status_history"][-1] == {
        **body["status_history"][-1],
        "actor": "guest",
        "reason": "changed my mind",
    }
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 0, 5)
    promotion_now = (await shop.client.get(f"/admin/promotions/{made['id']}", headers=shop.staff)).json()
    assert promotion_now["used"] == 0
    again = await shop.client.post(f"/orders/{order['id']}/cancel", headers={"X-Order-Token": token})
    assert (again.status_code, again.json()["status"]) == (200, "cancelled")


async def test_a_customers_order_facts_follow_placing_and_cancelling(shop: Shop) -> None:
    ann = await signed_in(shop.client, "ann@example.com")
    order, _ = await paid(shop, headers=ann)

    async def fact(cancelled: bool) -> bool:
        rows = await shop.rows(
            "SELECT cancelled_at FROM customers_orders WHERE order_id = $1", UUID(order["id"])
        )
        return bool(rows) and (rows[0]["cancelled_at"] is not None) == cancelled

    await eventually(lambda: fact(False))
    assert (await shop.client.post(f"/orders/{order['id']}/cancel", headers=ann)).status_code == 200
    await eventually(lambda: fact(True))


async def test_staff_fulfil_ship_and_deliver_an_order_and_the_stock_leaves_when_it_ships(shop: Shop) -> None:
    order, _ = await paid(shop)
    base = f"/admin/orders/{order['id']}"

    fulfilling = await shop.client.post(f"{base}/fulfil", headers=shop.staff)
    shipped = await shop.client.post(
        f"{base}/ship", json={"carrier": "DHL", "tracking_number": "T-1"}, headers=shop.staff
    )
    stock = await shop.stock("MUG-1")
    delivered = await shop.client.post(f"{base}/deliver", headers=shop.staff)

    assert [r.status_code for r in (fulfilling, shipped, delivered)] == [200, 200, 200], shipped.text
    assert (shipped.json()["carrier"], shipped.json()["tracking_number"]) == ("DHL", "T-1")
    assert (stock["on_hand"], stock["reserved"]) == (3, 0)
    history = delivered.json()["status_history"]
    assert [c["status"] for c in history] == ["pending_payment", "paid", "fulfilling", "shipped", "delivered"]
    assert history[-1]["actor"].startswith("staff:")
    listed = (await shop.client.get("/admin/orders?status=delivered", headers=shop.staff)).json()
    assert [o["id"] for o in listed["items"]] == [order["id"]]
    assert (await shop.client.get("/admin/orders?status=paid", headers=shop.staff)).json()["items"] == []


async def test_illegal_transitions_are_409_and_change_nothing(shop: Shop) -> None:
    order, token = await paid(shop)
    base = f"/admin/orders/{order['id']}"

    assert_problem(await shop.client.post(f"{base}/ship", headers=shop.staff), 409, "status")
    assert_problem(await shop.client.post(f"{base}/deliver", headers=shop.staff), 409, "status")
    assert (await shop.stock("MUG-1"))["on_hand"] == 5
    await shop.client.post(f"{base}/fulfil", headers=shop.staff)
    await shop.client.post(f"{base}/ship", headers=shop.staff)
    assert_problem(
        await shop.client.post(f"/orders/{order['id']}/cancel", headers={"X-Order-Token": token}), 409
    )
    assert_problem(await shop.client.post(f"{base}/cancel", headers=shop.staff), 409)
    assert_problem(await shop.client.post(f"{base}/fulfil", headers=shop.staff), 409)
    assert (await shop.client.get(base, headers=shop.staff)).json()["status"] == "shipped"


async def test_staff_cancel_a_paid_order_and_need_the_right_permissions(shop: Shop, staff_headers) -> None:
    order, _ = await paid(shop)
    base = f"/admin/orders/{order['id']}"
    reader = staff_headers("orders:read")

    assert (await shop.client.get(base, headers=reader)).status_code == 200
    assert_problem(await shop.client.post(f"{base}/cancel", headers=reader), 403)
    assert_problem(await shop.client.get("/admin/orders", headers=staff_headers("catalog:read")), 403)
    cancelled = await shop.client.post(f"{base}/cancel", json={"reason": "fraud check"}, headers=shop.staff)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert_problem(await shop.client.get("/admin/orders?status=lost", headers=shop.staff), 400)
