"""A shop killed with SIGKILL in the middle of a stream of checkouts loses nothing.

A real server takes a burst of checkouts from several shoppers at once; at the
first order of the burst it is killed without warning, the others still inside
their checkouts, then started again on the same database. Its
recovery finishes or undoes every checkout the dead process left, after which:
every 201 has its paid order, every order has its stock allocated and its payment
captured, every captured payment has an order (or was given back), and the stock
on hand is what it was, split between what orders and carts hold and what is left.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx

from core.security import Principal, TokenCodec
from tests.e2e.test_split import free_port, ready
from tests.support.eventually import eventually
from tests.support.shop import ADDRESS, STAFF, buy, open_shop

ROOT = Path(__file__).resolve().parents[2]
SECRET = "crash-test-secret-key-0123456789abcdef"
UNITS, BEFORE, SHOPPERS = 40, 3, 16


@contextlib.contextmanager
def shop_process(env: dict[str, str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    served = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield served
    finally:
        if served.poll() is None:
            served.terminate()
            served.wait(timeout=30)


def staff_token() -> dict[str, str]:
    principal = Principal(
        subject=str(uuid.uuid4()), kind="staff", session_id=str(uuid.uuid4()), permissions=frozenset(STAFF)
    )
    return {"Authorization": f"Bearer {TokenCodec(SECRET).issue(principal)}"}


async def checkouts_cut_short(base: str, method_id: str, killed: asyncio.Event) -> list[str]:
    """``SHOPPERS`` carts ready to pay, checked out all at once; ``killed`` is set at the first 201.

    The ids of the orders that got their 201 before the shop died.
    """
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        carts = [await ready_cart(client, method_id) for _ in range(SHOPPERS)]
        placed: list[str] = []

        async def check_out(cart: str) -> None:
            payment = {"email": "buyer@example.com", "payment": {"provider": "sandbox", "token": "ok"}}
            with contextlib.suppress(httpx.HTTPError):  # the shop died under this request
                reply = await client.post(f"{cart}/checkout", json=payment, headers={"Idempotency-Key": cart})
                if reply.status_code == 201:
                    placed.append(reply.json()["id"])
                    killed.set()

        await asyncio.gather(*(check_out(cart) for cart in carts))
        return placed


async def ready_cart(client: httpx.AsyncClient, method_id: str) -> str:
    cart = f"/carts/{(await client.post('/carts', json={})).json()['id']}"
    for step, body in (
        (f"{cart}/items", {"sku": "CRASH-1", "quantity": 1}),
        (f"{cart}/shipping-address", ADDRESS),
        (f"{cart}/shipping-method", {"method_id": method_id}),
    ):
        assert (await client.post(step, json=body)).status_code == 200
    return cart


async def test_a_shop_killed_mid_checkout_recovers_every_order_payment_and_unit(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MERCATO_") and k != "NATS_URL"}
    env.update(
        DATABASE_URL=database_url,
        MERCATO_BUS="inprocess",
        MERCATO_SECRET_KEY=SECRET,
        MERCATO_DATA_DIR=str(tmp_path),
        MERCATO_LOG_LEVEL="warning",
        MERCATO_CHECKOUT_LEASE_SECONDS="2",
        MERCATO_CHECKOUT_RECOVERY_SECONDS="0.5",
    )
    staff = staff_token()
    with shop_process(env, port) as first:
        await ready(base)
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            method_id = await open_shop(client, staff, "CRASH-1", UNITS)
            placed = [(await buy(client, "CRASH-1", method_id)).json()["id"] for _ in range(BEFORE)]
        killed = asyncio.Event()
        burst = asyncio.create_task(checkouts_cut_short(base, method_id, killed))
        await killed.wait()
        first.send_signal(signal.SIGKILL)  # the other checkouts of the burst are mid-saga
        first.wait(timeout=10)
        placed += await burst

    with shop_process(env, port):
        await ready(base)
        conn = await asyncpg.connect(database_url)
        try:

            async def recovered() -> bool:
                left = await conn.fetchval(
                    "SELECT count(*) FROM orders_checkouts WHERE state IN ('running', 'compensating')"
                    " OR (state = 'done' AND step = 'placed')"
                )
                return bool(left == 0)

            await eventually(recovered, within=60, pause=0.2)
            await check_nothing_lost(conn, placed)
        finally:
            await conn.close()


async def check_nothing_lost(conn: asyncpg.Connection, placed: list[str]) -> None:
    orders = {str(r["id"]): r for r in await conn.fetch("SELECT id, status, total, items FROM orders_orders")}
    assert len(placed) > BEFORE
    assert set(placed) <= set(orders), "a 201 without its order"
    assert {o["status"] for o in orders.values()} == {"paid"}

    allocated = {
        str(r["order_id"]): r["quantity"]
        for r in await conn.fetch(
            "SELECT a.order_id, sum(l.quantity) AS quantity FROM inventory_allocations a"
            " JOIN inventory_allocation_lines l USING (order_id) WHERE a.state = 'allocated' GROUP BY a.order_id"
        )
    }
    assert allocated == dict.fromkeys(orders, 1), "an order without its stock, or stock without an order"

    payments = {
        str(r["order_id"]): r
        for r in await conn.fetch("SELECT order_id, status, captured, refunded FROM payments_payment")
    }
    for order_id, order in orders.items():
        assert payments[order_id]["status"] == "captured"
        assert payments[order_id]["captured"] == order["total"]
    kept = {oid for oid, p in payments.items() if p["captured"] - p["refunded"] > 0}
    assert kept <= set(orders), "money kept without an order"

    on_hand, reserved = await conn.fetchrow(
        "SELECT sum(on_hand), sum(reserved) FROM inventory_levels WHERE sku = 'CRASH-1'"
    )
    held = await conn.fetchval("SELECT coalesce(sum(quantity), 0) FROM inventory_holds WHERE sku = 'CRASH-1'")
    assert on_hand == UNITS
    assert reserved == len(orders) + held
