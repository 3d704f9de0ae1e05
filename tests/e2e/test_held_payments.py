"""A payment the fraud rules hold for review: the checkout answers 201 with the order waiting for payment
and its stock still allocated; staff approving the payment pays the order, rejecting it cancels the
order and gives its stock back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import msgspec
import pytest
from litestar.testing import AsyncTestClient

from config.settings import Settings
from tests.e2e.test_orders_support import Shop, staff, stocked_shop
from tests.support.eventually import eventually

__all__ = ["staff"]


@pytest.fixture
async def shop(settings: Settings, staff: dict[str, str]) -> AsyncIterator[Shop]:
    """Any order over 10.00 scores 30 for its amount, which this shop holds for review (at 25)."""
    from app import create_app

    reviewing = msgspec.structs.replace(settings, fraud_amount_threshold=1000, fraud_review_score=25)
    async with AsyncTestClient(app=create_app(reviewing)) as client:
        yield await stocked_shop(client, staff, settings.database_url or "")


async def held(shop: Shop) -> dict[str, Any]:
    placed = await shop.checkout(await shop.cart(("MUG-1", 2)))
    assert placed.status_code == 201, placed.text
    order: dict[str, Any] = placed.json()
    return order


async def status(shop: Shop, order: dict[str, Any]) -> str:
    found = await shop.client.get(f"/admin/orders/{order['id']}", headers=shop.staff)
    return str(found.json()["status"])


async def test_a_held_payment_leaves_the_order_pending_with_its_stock_allocated(shop: Shop) -> None:
    order = await held(shop)

    assert (order["status"], order["payment"]["status"]) == ("pending_payment", "held")
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"]) == (5, 2)


async def test_staff_approving_the_held_payment_pays_the_order(shop: Shop) -> None:
    order = await held(shop)

    approved = await shop.client.post(f"/admin/payments/{order['id']}/approve", headers=shop.staff)

    assert approved.status_code == 200, approved.text
    assert await eventually(lambda: _is(shop, order, "paid"))
    seen = (await shop.client.get(f"/admin/orders/{order['id']}", headers=shop.staff)).json()
    assert seen["payment"]["status"] == "captured"
    assert [c["status"] for c in seen["status_history"]] == ["pending_payment", "paid"]


async def test_staff_rejecting_the_held_payment_cancels_the_order_and_gives_its_stock_back(
    shop: Shop,
) -> None:
    order = await held(shop)

    rejected = await shop.client.post(
        f"/admin/payments/{order['id']}/reject", json={"reason": "stolen card"}, headers=shop.staff
    )

    assert rejected.status_code == 200, rejected.text
    assert await eventually(lambda: _is(shop, order, "cancelled"))
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 0, 5)
    assert (
        await shop.client.post(f"/admin/orders/{order['id']}/fulfil", headers=shop.staff)
    ).status_code == 409


async def _is(shop: Shop, order: dict[str, Any], wanted: str) -> bool:
    return await status(shop, order) == wanted
