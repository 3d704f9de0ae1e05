"""Helpers shared by the cart e2e tests (no tests here): a stocked shop, carts, their figures."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import asyncpg
import pytest

from tests.support.eventually import eventually

STAFF = tuple(
    f"{area}:{access}"
    for area in ("catalog", "pricing", "promotions", "inventory", "shipping")
    for access in ("read", "write")
)
BERLIN = {
    "first_name": "Ann",
    "last_name": "Lee",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return staff_headers(*STAFF)


async def created(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def stocked(
    client: Any, staff: dict[str, str], *goods: tuple[str, int, int], weight: int = 500
) -> None:
    """A published product with these (SKU, EUR cents, units in stock) variants, once pricing sells them."""
    variants = [
        {
            "sku": sku,
            "price": {"amount": cents, "currency": "EUR"},
            "options": {"n": sku},
            "weight_grams": weight,
        }
        for sku, cents, _ in goods
    ]
    made = await created(
        client, "/admin/products", staff, {"name": f"Thing {goods[0][0]}", "variants": variants}
    )
    published = await client.post(f"/admin/products/{made['id']}/publish", json={}, headers=staff)
    assert published.status_code == 200, published.text
    warehouses = (await client.get("/admin/warehouses", headers=staff)).json()["items"]
    if not any(w["code"] == "MAIN" for w in warehouses):
        await created(client, "/admin/warehouses", staff, {"code": "MAIN", "name": "Main", "country": "DE"})
    for sku, _, units in goods:
        if units:
            body = {"sku": sku, "warehouse": "MAIN", "delta": units, "reason": "delivery"}
            await created(client, "/admin/stock/adjustments", staff, body)

    async def sold() -> bool:
        items = [{"sku": sku, "quantity": 1} for sku, _, _ in goods]
        return bool((await client.post("/quotes", json={"items": items})).status_code == 200)

    await eventually(sold, within=30)


async def shipping_method(
    client: Any, staff: dict[str, str], countries: list[str], price: int, name: str = "Standard", **extra: Any
) -> str:
    zone = await created(
        client, "/admin/shipping/zones", staff, {"name": f"Zone {name}", "countries": countries}
    )
    rates = [{"max_weight_grams": 30_000, "price": price}]
    body = {"zone_id": zone["id"], "name": name, "carrier": "table_rate", "rates": rates, **extra}
    return str((await created(client, "/admin/shipping/methods", staff, body))["id"])


async def new_cart(client: Any, headers: dict[str, str] | None = None, **body: Any) -> dict[str, Any]:
    response = await client.post("/carts", json=body, headers=headers or {})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def ok(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def add(
    client: Any, cart_id: str, sku: str, quantity: int, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = {"sku": sku, "quantity": quantity}
    return await ok(await client.post(f"/carts/{cart_id}/items", json=body, headers=headers or {}))


def amounts(totals: dict[str, Any]) -> dict[str, int]:
    return {name: money["amount"] for name, money in totals.items()}


def lines_of(cart: dict[str, Any]) -> list[tuple[str, int, int, int, int]]:
    return [
        (i["sku"], i["quantity"], i["unit_price"]["amount"], i["discount"]["amount"], i["total"]["amount"])
        for i in cart["items"]
    ]


async def reserved(client: Any, staff: dict[str, str], sku: str) -> int:
    level = (await client.get(f"/admin/stock/{sku}", headers=staff)).json()
    return int(level["reserved"])


async def on_bus(client: Any, message: Any) -> Any:
    """A command on the app's own bus (as the checkout sends it), on the test client's loop."""
    return await asyncio.to_thread(client.blocking_portal.call, client.app.state.bus.send, message)


async def cart_rows(database_url: str) -> list[str]:
    """Every cart and line row, as text: equal means nothing was written."""
    conn = await asyncpg.connect(database_url)
    try:
        carts = await conn.fetch("SELECT t::text AS row FROM cart_carts t ORDER BY id")
        lines = await conn.fetch("SELECT t::text AS row FROM cart_lines t ORDER BY id")
        return [r["row"] for r in [*carts, *lines]]
    finally:
        await conn.close()
