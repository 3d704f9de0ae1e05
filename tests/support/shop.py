"""A shop set up over HTTP for checkout tests, and a shopper buying from it.

Works with any httpx-style client: the in-process test client or an ``httpx.AsyncClient``
pointed at a real server.
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.support.eventually import eventually

STAFF = tuple(
    f"{area}:{access}"
    for area in ("catalog", "pricing", "promotions", "inventory", "shipping", "orders", "payments")
    for access in ("read", "write")
)
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Buyer",
    "line1": "Hauptstr. 1",
    "city": "Berlin",
    "postal_code": "10115",
    "country": "DE",
}


async def open_shop(client: Any, staff: dict[str, str], sku: str, units: int, price: int = 1999) -> str:
    """One published SKU with ``units`` in warehouse MAIN and a worldwide shipping method; its id."""
    variant = {"sku": sku, "price": {"amount": price, "currency": "EUR"}, "options": {"sku": sku}}
    made = await client.post(
        "/admin/products", json={"name": f"Item {sku}", "variants": [variant]}, headers=staff
    )
    assert made.status_code == 201, made.text
    published = await client.post(f"/admin/products/{made.json()['id']}/publish", json={}, headers=staff)
    assert published.status_code == 200, published.text
    warehouses = (await client.get("/admin/warehouses", headers=staff)).json()["items"]
    if not any(w["code"] == "MAIN" for w in warehouses):
        body = {"code": "MAIN", "name": "Main", "country": "DE", "priority": 10}
        assert (await client.post("/admin/warehouses", json=body, headers=staff)).status_code == 201
    stock = {"sku": sku, "warehouse": "MAIN", "delta": units, "reason": "initial stock"}
    assert (await client.post("/admin/stock/adjustments", json=stock, headers=staff)).status_code == 201
    zone = await client.post(
        "/admin/shipping/zones", json={"name": "World", "countries": ["*"]}, headers=staff
    )
    assert zone.status_code == 201, zone.text
    rates = [{"max_weight_grams": 100_000, "price": 490}]
    method = {"zone_id": zone.json()["id"], "name": "Standard", "carrier": "table_rate", "rates": rates}
    made_method = await client.post("/admin/shipping/methods", json=method, headers=staff)
    assert made_method.status_code == 201, made_method.text

    async def priced() -> bool:  # pricing copies the price from the catalogue's events
        quote = await client.post("/quotes", json={"items": [{"sku": sku, "quantity": 1}]})
        return bool(quote.status_code == 200)

    await eventually(priced, within=30)
    return str(made_method.json()["id"])


async def buy(
    client: Any,
    sku: str,
    method_id: str,
    *,
    quantity: int = 1,
    token: str = "ok",
    headers: dict[str, str] | None = None,
    key: str | None = None,
) -> Any:
    """A shopper's whole purchase; the first reply that is not a success, else the checkout's."""
    headers = headers or {}
    cart = await client.post("/carts", json={}, headers=headers)
    if cart.status_code != 201:
        return cart
    path = f"/carts/{cart.json()['id']}"
    steps = [
        (f"{path}/items", {"sku": sku, "quantity": quantity}),
        (f"{path}/shipping-address", ADDRESS),
        (f"{path}/shipping-method", {"method_id": method_id}),
    ]
    for step, body in steps:
        reply = await client.post(step, json=body, headers=headers)
        if reply.status_code not in (200, 201):
            return reply
    payment = {"email": "buyer@example.com", "payment": {"provider": "sandbox", "token": token}}
    idempotency = {"Idempotency-Key": key or secrets.token_hex(12)}
    return await client.post(f"{path}/checkout", json=payment, headers={**headers, **idempotency})
