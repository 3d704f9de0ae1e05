"""Helpers shared by the orders and checkout e2e tests (no tests here): a shop with a product in stock,
a shipping method, and carts ready to check out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from tests.e2e.test_pricing_support import product

PERMISSIONS = ("catalog", "pricing", "inventory", "shipping", "promotions", "orders", "payments")
ADDRESS = {
    "first_name": "Ann",
    "last_name": "Lee",
    "line1": "Hauptstr. 1",
    "city": "Berlin",
    "postal_code": "10115",
    "country": "DE",
}


@dataclass
class Shop:
    client: AsyncTestClient[Litestar]
    staff: dict[str, str]
    method_id: str
    database_url: str

    async def cart(self, *items: tuple[str, int], headers: dict[str, str] | None = None, **body: Any) -> str:
        """A cart holding these items, with the shipping address and method chosen."""
        headers = headers or {}
        created = await self.client.post("/carts", json=body or None, headers=headers)
        assert created.status_code == 201, created.text
        cart_id: str = created.json()["id"]
        for sku, quantity in items:
            added = await self.client.post(
                f"/carts/{cart_id}/items", json={"sku": sku, "quantity": quantity}, headers=headers
            )
            assert added.status_code == 200, added.text
        await self.deliver(cart_id, headers)
        return cart_id

    async def deliver(self, cart_id: str, headers: dict[str, str] | None = None) -> None:
        headers = headers or {}
        addressed = await self.client.post(
            f"/carts/{cart_id}/shipping-address", json=ADDRESS, headers=headers
        )
        assert addressed.status_code == 200, addressed.text
        chosen = await self.client.post(
            f"/carts/{cart_id}/shipping-method", json={"method_id": self.method_id}, headers=headers
        )
        assert chosen.status_code == 200, chosen.text

    async def checkout(
        self,
        cart_id: str,
        token: str = "ok",
        *,
        headers: dict[str, str] | None = None,
        email: str | None = "ann@example.com",
        key: str | None = None,
    ) -> Any:
        body: dict[str, Any] = {"payment": {"provider": "sandbox", "token": token}}
        if email is not None:
            body["email"] = email
        sent = dict(headers or {})
        if key is not None:
            sent["Idempotency-Key"] = key
        return await self.client.post(f"/carts/{cart_id}/checkout", json=body, headers=sent)

    async def stock(self, sku: str) -> dict[str, Any]:
        response = await self.client.get(f"/admin/stock/{sku}", headers=self.staff)
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()
        return found

    async def rows(self, query: str, *args: Any) -> list[asyncpg.Record]:
        conn = await asyncpg.connect(self.database_url)
        try:
            return list(await conn.fetch(query, *args))
        finally:
            await conn.close()

    async def on_bus(self, message: Any) -> Any:
        """``message`` on the app's own bus, which lives on the test client's portal thread."""
        bus = self.client.app.state.bus
        deliver = bus.send if type(message).__mro__[1].__name__ == "Command" else bus.ask
        return await asyncio.to_thread(self.client.blocking_portal.call, deliver, message)


async def created(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def stocked_shop(client: AsyncTestClient[Litestar], staff: dict[str, str], database_url: str) -> Shop:
    """MUG-1 (12.50) and MUG-2 (20.00) on sale, 5 of each in warehouse BER, a 4.90 parcel method for DE."""
    made = await product(client, staff, ("MUG-1", 1250), ("MUG-2", 2000))
    published = await client.post(f"/admin/products/{made['id']}/publish", headers=staff)
    assert published.status_code == 200, published.text
    await created(client, "/admin/warehouses", staff, {"code": "BER", "name": "Berlin", "country": "DE"})
    for sku in ("MUG-1", "MUG-2"):
        body = {"sku": sku, "warehouse": "BER", "delta": 5, "reason": "delivery"}
        await created(client, "/admin/stock/adjustments", staff, body)
    zone = await created(client, "/admin/shipping/zones", staff, {"name": "Germany", "countries": ["DE"]})
    method = await created(
        client,
        "/admin/shipping/methods",
        staff,
        {"zone_id": zone["id"], "name": "Parcel", "rates": [{"max_weight_grams": 30000, "price": 490}]},
    )
    return Shop(client=client, staff=staff, method_id=method["id"], database_url=database_url)


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return staff_headers(*(f"{p}:{a}" for p in PERMISSIONS for a in ("read", "write")))


@pytest.fixture
async def shop(settings: Settings, staff: dict[str, str]) -> AsyncIterator[Shop]:
    from app import create_app

    async with AsyncTestClient(app=create_app(settings)) as client:
        yield await stocked_shop(client, staff, settings.database_url or "")
