"""Helpers shared by the inventory e2e tests (no tests here)."""

from __future__ import annotations

from typing import Any

import asyncpg

# catalog:write: stock is kept only of SKUs a product has, so the tests make those products first.
STAFF = ("inventory:read", "inventory:write", "catalog:write")
# What bad input must leave untouched: every inventory row and every inventory event written.
TABLES = (
    "inventory_warehouses",
    "inventory_levels",
    "inventory_skus",
    "inventory_movements",
    "inventory_holds",
    "inventory_allocations",
    "inventory_allocation_lines",
)


async def created(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def warehouse(
    client: Any, headers: dict[str, str], code: str, country: str = "DE", priority: int = 0
) -> dict[str, Any]:
    body = {"code": code, "name": f"Warehouse {code}", "country": country, "priority": priority}
    return await created(client, "/admin/warehouses", headers, body)


async def product(client: Any, headers: dict[str, str], *skus: str) -> dict[str, Any]:
    """A draft product with one variant per SKU: what the catalogue must have before stock is kept."""
    variants = [
        {"sku": sku, "price": {"amount": 1000, "currency": "EUR"}, "options": {"n": sku}} for sku in skus
    ]
    return await created(
        client, "/admin/products", headers, {"name": f"Item {skus[0]}", "variants": variants}
    )


async def adjust(
    client: Any, headers: dict[str, str], sku: str, warehouse: str, delta: int, reason: str = "count"
) -> dict[str, Any]:
    body = {"sku": sku, "warehouse": warehouse, "delta": delta, "reason": reason}
    return await created(client, "/admin/stock/adjustments", headers, body)


async def fingerprint(database_url: str) -> dict[str, str]:
    """Every inventory row and the count of inventory's events, digested: equal means nothing changed
    (other domains still settle the products a test made, writing their own events meanwhile)."""
    conn = await asyncpg.connect(database_url)
    try:
        found = {
            table: await conn.fetchval(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
                f"FROM {table} t"
            )
            for table in TABLES
        }
        found["events"] = str(
            await conn.fetchval("SELECT count(*) FROM runtime_outbox WHERE type LIKE 'inventory.%'")
        )
        return found
    finally:
        await conn.close()
