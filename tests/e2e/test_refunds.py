"""Refunds by staff over HTTP (never more than is left, safe to retry with an Idempotency-Key), and a
shop that captures payments when orders ship rather than at checkout."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from config.settings import Settings
from domains.payments.messages import GetPayment, ListPaymentTransactions
from tests.e2e.test_orders_support import Shop, shop, staff, stocked_shop
from tests.support.problems import assert_problem

__all__ = ["shop", "staff"]


async def paid(shop: Shop) -> dict[str, Any]:
    """A guest's paid order: 2 x MUG-1 (25.00) and 4.90 shipping, 29.90 captured."""
    placed = await shop.checkout(await shop.cart(("MUG-1", 2)))
    assert placed.status_code == 201, placed.text
    order: dict[str, Any] = placed.json()
    return order


async def refund(shop: Shop, order: dict[str, Any], amount: int, key: str | None = None) -> Any:
    headers = {**shop.staff, **({"Idempotency-Key": key} if key else {})}
    body = {"amount": amount, "reason": "goodwill"}
    return await shop.client.post(f"/admin/orders/{order['id']}/refunds", json=body, headers=headers)


async def test_staff_refund_part_then_the_rest_and_the_order_becomes_partially_refunded_then_refunded(
    shop: Shop,
) -> None:
    order = await paid(shop)

    part = await refund(shop, order, 1000)
    rest = await refund(shop, order, 1990)

    assert part.status_code == 201, part.text
    assert (part.json()["status"], part.json()["total_refunded"]["amount"]) == ("partially_refunded", 1000)
    assert (rest.json()["status"], rest.json()["total_refunded"]["amount"]) == ("refunded", 2990)
    assert rest.json()["amount"] == {"amount": 1990, "currency": "EUR"}
    payment = await shop.on_bus(GetPayment(order_id=UUID(order["id"])))
    assert (payment.status, payment.refunded.amount) == ("refunded", 2990)
    seen = (await shop.client.get(f"/admin/orders/{order['id']}", headers=shop.staff)).json()
    assert [c["status"] for c in seen["status_history"]][2:] == ["partially_refunded", "refunded"]
    assert seen["status_history"][-1]["actor"].startswith("staff:")


async def test_a_refund_over_what_is_left_is_409_naming_amount_and_refunds_nothing(shop: Shop) -> None:
    order = await paid(shop)
    assert (await refund(shop, order, 2000)).status_code == 201

    refused = await refund(shop, order, 991)

    assert_problem(refused, 409, "amount")
    payment = await shop.on_bus(GetPayment(order_id=UUID(order["id"])))
    assert payment.refunded.amount == 2000
    assert (await shop.client.get(f"/admin/orders/{order['id']}", headers=shop.staff)).json()["status"] == (
        "partially_refunded"
    )


async def test_a_refund_retried_with_its_idempotency_key_is_replayed_and_refunds_once(shop: Shop) -> None:
    order = await paid(shop)

    first = await refund(shop, order, 500, key="refund-1")
    again = await refund(shop, order, 500, key="refund-1")
    other = await refund(shop, order, 600, key="refund-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert_problem(other, 422, "Idempotency-Key")
    ledger = await shop.on_bus(ListPaymentTransactions(order_id=UUID(order["id"])))
    assert [line.amount.amount for line in ledger if line.kind == "refund"] == [500]


async def test_refunding_nothing_or_an_unknown_order_is_refused(shop: Shop) -> None:
    order = await paid(shop)

    assert_problem(await refund(shop, order, 0), 400, "amount")
    missing = await shop.client.post(
        "/admin/orders/00000000-0000-0000-0000-000000000001/refunds",
        json={"amount": 100, "reason": "x"},
        headers=shop.staff,
    )
    assert_problem(missing, 404)


@pytest.fixture
async def capturing_shop(settings: Settings, staff: dict[str, str]) -> AsyncIterator[Shop]:
    """The shop with ``MERCATO_PAYMENT_CAPTURE=shipment``."""
    from app import create_app

    later = msgspec.structs.replace(settings, payment_capture="shipment")
    async with AsyncTestClient(app=create_app(later)) as client:
        yield await stocked_shop(client, staff, settings.database_url or "")


async def test_capturing_at_shipment_authorises_at_checkout_and_captures_when_staff_ship(
    capturing_shop: Shop,
) -> None:
    shop = capturing_shop
    order = await paid(shop)
    order_id = UUID(order["id"])
    authorised = await shop.on_bus(GetPayment(order_id=order_id))
    base = f"/admin/orders/{order['id']}"
    assert (await shop.client.post(f"{base}/fulfil", headers=shop.staff)).status_code == 200

    shipped = await shop.client.post(f"{base}/ship", headers=shop.staff)

    assert (order["status"], order["payment"]["status"]) == ("paid", "authorised")
    assert (authorised.status, authorised.captured.amount) == ("authorised", 0)
    assert shipped.status_code == 200, shipped.text
    assert (shipped.json()["status"], shipped.json()["payment"]["status"]) == ("shipped", "captured")
    payment = await shop.on_bus(GetPayment(order_id=order_id))
    assert (payment.status, payment.captured.amount) == ("captured", 2990)
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"]) == (3, 0)
