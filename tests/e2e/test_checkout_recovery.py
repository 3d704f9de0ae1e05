"""A checkout whose process died part way, finished by one recovery pass over the real app:
placed when the payment went through, undone when it never was asked."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import domains.orders
from adapters.db.uow import PgUnitOfWorkFactory
from core.domain import Runtime
from domains.inventory.messages import AllocateStock
from domains.orders.handlers import recover
from domains.orders.handlers.checkout import checkout
from domains.orders.messages import Checkout
from domains.orders.ports import OrdersDeps
from domains.payments.messages import AuthorisePayment
from tests.e2e.test_orders_support import Shop, shop, staff

__all__ = ["shop", "staff"]


class ProcessDied(BaseException):
    """The process stops: no except clause runs, nothing after it happens."""


class DyingBus:
    """The app's bus, in a process that dies right after ``fatal`` is answered."""

    def __init__(self, bus: Any, fatal: type) -> None:
        self.bus, self.fatal = bus, fatal

    async def send(self, message: Any, *, timeout: float | None = None) -> Any:
        reply = await self.bus.send(message, timeout=timeout)
        if isinstance(message, self.fatal):
            raise ProcessDied
        return reply

    async def ask(self, message: Any, *, timeout: float | None = None) -> Any:
        return await self.bus.ask(message, timeout=timeout)


def orders_deps(shop: Shop) -> OrdersDeps:
    """The orders domain's dependencies over the running app's bus and database."""
    app = shop.client.app
    services = app.state.services
    runtime = Runtime(
        bus=services.bus,
        uow=PgUnitOfWorkFactory(services.engine),
        tokens=app.state.tokens,
        settings=services.settings,
    )
    return domains.orders.bootstrap(runtime)


async def on_portal(shop: Shop, work: Any, *args: Any) -> Any:
    return await asyncio.to_thread(shop.client.blocking_portal.call, work, *args)


async def crashed_checkout(shop: Shop, cart_id: str, fatal: type) -> UUID:
    """Check the cart out in a process that dies after ``fatal``; the order id the checkout left."""
    deps = dataclasses.replace(orders_deps(shop), bus=DyingBus(shop.client.app.state.bus, fatal))
    command = Checkout(
        cart_id=UUID(cart_id),
        customer_id=None,
        email="ann@example.com",
        payment_provider="sandbox",
        payment_token="ok",
    )

    async def run() -> bool:
        try:
            await checkout(command, deps)
        except ProcessDied:
            return True
        return False

    assert await on_portal(shop, run)
    (row,) = await shop.rows("SELECT order_id FROM orders_checkouts WHERE state = 'running'")
    order_id: UUID = row["order_id"]
    return order_id


async def recovery_pass_later(shop: Shop) -> int:
    """One recovery pass run as if an hour had gone by: every lease has run out."""
    later = datetime.now(UTC) + timedelta(hours=1)
    deps = dataclasses.replace(orders_deps(shop), clock=lambda: later)
    found: int = await on_portal(shop, recover, deps)
    return found


async def test_a_process_that_died_after_the_payment_leaves_an_order_placed_by_one_recovery_pass(
    shop: Shop,
) -> None:
    cart_id = await shop.cart(("MUG-1", 2))
    order_id = await crashed_checkout(shop, cart_id, AuthorisePayment)
    assert await shop.rows("SELECT id FROM orders_orders") == []
    (payment,) = await shop.rows("SELECT status FROM payments_payment WHERE order_id = $1", order_id)
    assert payment["status"] == "captured"

    assert await recovery_pass_later(shop) == 1

    order = await shop.client.get(f"/admin/orders/{order_id}", headers=shop.staff)
    assert order.status_code == 200, order.text
    assert (order.json()["status"], order.json()["number"]) == ("paid", "1001")
    cart = (await shop.client.get(f"/carts/{cart_id}")).json()
    assert (cart["status"], cart["order_id"]) == ("checked_out", str(order_id))
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"]) == (5, 2)
    assert await recovery_pass_later(shop) == 0  # nothing left to finish


async def test_a_process_that_died_before_paying_is_undone_by_recovery_and_the_cart_pays_again(
    shop: Shop,
) -> None:
    cart_id = await shop.cart(("MUG-1", 2))
    order_id = await crashed_checkout(shop, cart_id, AllocateStock)
    blocked = await shop.checkout(cart_id)
    assert blocked.status_code == 409  # the crashed checkout still holds the cart

    assert await recovery_pass_later(shop) == 1

    assert await shop.rows("SELECT id FROM payments_payment") == []
    (row,) = await shop.rows("SELECT state FROM orders_checkouts WHERE order_id = $1", order_id)
    assert row["state"] == "failed"
    stock = await shop.stock("MUG-1")
    assert (stock["reserved"], stock["available"]) == (2, 3)  # held for the cart again
    assert (await shop.checkout(cart_id)).status_code == 201
