"""Split mode for real: a checkout whose inventory and orders run in processes of their own.

Inventory runs alone, orders with payments in a second process, every other domain in
a third, all on one database and one NATS. Requests go where nginx would send them
(`config/nginx-split.conf`), so the checkout saga asks for stock, prices and the cart
over NATS.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

import domains
from core.security import Principal, TokenCodec
from tests.e2e.test_split import SECRET, free_port, process, ready, split_env
from tests.support.shop import STAFF, buy, open_shop
from tests.unit.test_split_routing import upstream_of

__all__ = ["split_env"]

PROCESSES = ("inventory", "orders,payments")
REST = ",".join(name for name in domains.NAMES if name not in ("inventory", "orders", "payments"))


class Gateway:
    """What nginx does in the split deployment: each request to the process hosting its route."""

    def __init__(self, client: httpx.AsyncClient, bases: dict[str, str]) -> None:
        self._client, self._bases = client, bases

    def _url(self, path: str) -> str:
        return self._bases[upstream_of(path.partition("?")[0])] + path

    async def get(self, path: str, **options: Any) -> httpx.Response:
        return await self._client.get(self._url(path), **options)

    async def post(self, path: str, **options: Any) -> httpx.Response:
        return await self._client.post(self._url(path), **options)


async def test_a_checkout_completes_with_inventory_and_orders_in_processes_of_their_own(split_env) -> None:
    staff = Principal(subject=str(uuid.uuid4()), kind="staff", session_id="s", permissions=frozenset(STAFF))
    headers = {"Authorization": f"Bearer {TokenCodec(SECRET).issue(staff)}"}
    with (
        process(PROCESSES[0], free_port(), split_env) as inventory,
        process(PROCESSES[1], free_port(), split_env) as orders,
        process(REST, free_port(), split_env) as rest,
    ):
        await asyncio.gather(ready(inventory), ready(orders), ready(rest))
        bases = dict.fromkeys(domains.NAMES, rest) | {
            "inventory": inventory,
            "orders": orders,
            "payments": orders,
        }
        async with httpx.AsyncClient(timeout=30) as client:
            shop = Gateway(client, bases)
            assert (await client.get(f"{rest}/admin/stock/SPLIT-1", headers=headers)).status_code == 404
            method_id = await open_shop(shop, headers, "SPLIT-1", 5)

            placed = await buy(shop, "SPLIT-1", method_id)

            assert placed.status_code == 201, placed.text
            order = placed.json()
            assert (order["status"], order["payment"]["status"]) == ("paid", "captured")
            token = {"X-Order-Token": placed.headers["X-Order-Token"]}
            assert (await shop.get(f"/orders/{order['id']}", headers=token)).json()["number"] == order[
                "number"
            ]
            stock = (await shop.get("/admin/stock/SPLIT-1", headers=headers)).json()
            assert (stock["on_hand"], stock["reserved"], stock["available"]) == (5, 1, 4)
