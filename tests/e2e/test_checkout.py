"""``POST /carts/{id}/checkout`` through the whole app: a cart becomes a paid order, or nothing at all."""

from __future__ import annotations

from domains.inventory.messages import ReleaseReservations
from tests.e2e.test_customers import signed_in
from tests.e2e.test_orders_support import Shop, shop, staff
from tests.e2e.test_promotions_support import codes, promotion
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def orders_count(shop: Shop) -> int:
    return len(await shop.rows("SELECT id FROM orders_orders"))


async def test_a_guest_cart_checked_out_with_ok_becomes_a_paid_order_with_number_snapshot_and_history(
    shop: Shop,
) -> None:
    cart_id = await shop.cart(("MUG-1", 2))

    response = await shop.checkout(cart_id)

    assert response.status_code == 201, response.text
    assert len(response.headers["X-Order-Token"]) >= 32
    order = response.json()
    assert (order["number"], order["status"], order["email"]) == ("1001", "paid", "ann@example.com")
    assert order["payment"] == {"status": "captured", "provider": "sandbox"}
    (item,) = order["items"]
    assert (item["sku"], item["product_name"], item["quantity"], item["unit_price"]["amount"]) == (
        "MUG-1",
        "Thing MUG-1",
        2,
        1250,
    )
    totals = {name: money["amount"] for name, money in order["totals"].items()}
    assert totals == {"subtotal": 2500, "discount": 0, "shipping": 490, "tax": 0, "total": 2990}
    assert (order["shipping_address"]["city"], order["shipping_method"]["name"]) == ("Berlin", "Parcel")
    assert [(c["status"], c["actor"]) for c in order["status_history"]] == [
        ("pending_payment", "guest"),
        ("paid", "payment:sandbox"),
    ]
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 2, 3)
    cart = (await shop.client.get(f"/carts/{cart_id}")).json()
    assert (cart["status"], cart["order_id"]) == ("checked_out", order["id"])
    (secret,) = await shop.rows("SELECT token_hash FROM orders_orders")
    assert secret["token_hash"] != response.headers["X-Order-Token"]


async def test_orders_are_numbered_one_after_the_other(shop: Shop) -> None:
    first = await shop.checkout(await shop.cart(("MUG-1", 1)))
    second = await shop.checkout(await shop.cart(("MUG-2", 1)))

    assert [first.json()["number"], second.json()["number"]] == ["1001", "1002"]


async def test_a_declined_payment_is_402_with_no_order_and_the_same_cart_then_pays_with_ok(
    shop: Shop,
) -> None:
    cart_id = await shop.cart(("MUG-1", 2))

    declined = await shop.checkout(cart_id, "decline")

    assert_problem(declined, 402)
    assert await orders_count(shop) == 0
    cart = (await shop.client.get(f"/carts/{cart_id}")).json()
    assert (cart["status"], cart["reserved_until"] is not None) == ("active", True)
    stock = await shop.stock("MUG-1")
    assert (stock["reserved"], stock["available"]) == (2, 3)  # still held for this cart

    paid = await shop.checkout(cart_id, "ok")

    assert paid.status_code == 201, paid.text
    assert await orders_count(shop) == 1


async def test_a_fraud_refusal_is_402_too(shop: Shop) -> None:
    assert_problem(await shop.checkout(await shop.cart(("MUG-1", 1)), "fraud"), 402)


async def test_a_provider_error_is_503_with_nothing_charged_and_the_cart_may_try_again(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))

    failed = await shop.checkout(cart_id, "error")

    assert_problem(failed, 503)
    assert "Retry-After" in failed.headers
    charged = await shop.rows("SELECT captured FROM payments_payment WHERE captured > 0")
    assert charged == [] and await orders_count(shop) == 0
    assert (await shop.stock("MUG-1"))["reserved"] == 1
    assert (await shop.checkout(cart_id, "ok")).status_code == 201


async def test_a_second_checkout_of_the_same_cart_is_409(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))
    assert (await shop.checkout(cart_id)).status_code == 201

    assert_problem(await shop.checkout(cart_id), 409)
    assert await orders_count(shop) == 1


async def test_the_same_idempotency_key_and_body_replays_the_201_and_places_one_order(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))

    first = await shop.checkout(cart_id, key="checkout-1")
    again = await shop.checkout(cart_id, key="checkout-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.headers["X-Order-Token"] == first.headers["X-Order-Token"]
    assert await orders_count(shop) == 1


async def test_the_same_idempotency_key_with_another_body_is_422_naming_the_header(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))
    assert (await shop.checkout(cart_id, key="checkout-2")).status_code == 201

    other = await shop.checkout(cart_id, key="checkout-2", email="bob@example.com")

    assert_problem(other, 422, "Idempotency-Key")


async def test_a_cart_without_items_address_method_or_email_is_422_naming_each_field(shop: Shop) -> None:
    created = await shop.client.post("/carts")
    cart_id = created.json()["id"]

    response = await shop.checkout(cart_id, email=None)

    body = assert_problem(response, 422)
    assert {e["field"] for e in body["errors"]} == {"items", "shipping_address", "shipping_method", "email"}


async def test_a_guest_without_email_is_422_naming_email(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))

    assert_problem(await shop.checkout(cart_id, email=None), 422, "email")
    assert_problem(await shop.checkout(cart_id, email="not-an-email"), 400)


async def test_an_unknown_provider_and_a_malformed_body_are_refused_naming_the_field(shop: Shop) -> None:
    cart_id = await shop.cart(("MUG-1", 1))

    unknown = await shop.client.post(
        f"/carts/{cart_id}/checkout", json={"email": "a@b.c", "payment": {"provider": "cash", "token": "ok"}}
    )
    missing = await shop.client.post(f"/carts/{cart_id}/checkout", json={"email": "a@b.c"})

    assert_problem(unknown, 422, "payment.provider")
    assert_problem(missing, 400, "payment")


async def test_stock_gone_while_the_hold_lapsed_is_409_and_takes_no_payment(shop: Shop) -> None:
    late = await shop.cart(("MUG-1", 2))
    await shop.on_bus(ReleaseReservations(cart_id=late))  # as the sweeper does once the hold expires
    await shop.cart(("MUG-1", 5))  # another shopper takes every unit

    response = await shop.checkout(late)

    assert_problem(response, 409)
    assert await shop.rows("SELECT id FROM payments_payment") == []
    assert await orders_count(shop) == 0


async def test_a_coupon_is_counted_in_the_order_and_its_use_recorded(shop: Shop) -> None:
    made = await promotion(shop.client, shop.staff, value=10, coupon_required=True)
    (code,) = await codes(shop.client, shop.staff, made["id"], code="SAVE10")
    cart_id = await shop.cart(("MUG-1", 2))
    applied = await shop.client.post(f"/carts/{cart_id}/coupons", json={"code": code})
    assert applied.status_code == 200, applied.text

    order = (await shop.checkout(cart_id)).json()

    assert order["coupon_codes"] == ["SAVE10"]
    assert order["items"][0]["discount"]["amount"] == 250
    assert order["totals"]["total"]["amount"] == 2500 - 250 + 490
    used = (await shop.client.get(f"/admin/promotions/{made['id']}", headers=shop.staff)).json()["used"]
    assert used == 1


async def test_a_signed_in_customers_order_keeps_the_account_email_for_staff(shop: Shop) -> None:
    headers = await signed_in(shop.client, "kim@example.com")

    placed = await shop.checkout(await shop.cart(("MUG-1", 1), headers=headers), headers=headers, email=None)
    staff_view = await shop.client.get(f"/admin/orders/{placed.json()['id']}", headers=shop.staff)

    assert placed.status_code == 201, placed.text
    assert (placed.json()["email"], staff_view.json()["email"]) == ("kim@example.com", "kim@example.com")
