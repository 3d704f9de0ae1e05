"""Helpers shared by the catalogue's e2e tests (no tests here): staff API calls, database digests."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg

from domains.catalog.messages import GetVariantsBySku
from tests.support.eventually import eventually

STAFF = ("catalog:read", "catalog:write")
STOCK_KEEPER = ("inventory:read", "inventory:write")
# The relay stamps outbox rows once published: only what was written counts.
TABLES = {
    "catalog_brand": "t",
    "catalog_category": "t",
    "catalog_product": "t",
    "catalog_variant": "t",
    "runtime_outbox": "(t.id, t.type, t.key, t.envelope)",
}


def variant(
    sku: str, amount: int = 1999, currency: str = "EUR", available: bool = True, **options: str
) -> dict[str, Any]:
    return {
        "sku": sku,
        "price": {"amount": amount, "currency": currency},
        "options": options,
        "available": available,
    }


async def create(client: Any, path: str, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


async def brand(client: Any, headers: dict[str, str], name: str, **fields: Any) -> dict[str, Any]:
    return await create(client, "/admin/brands", headers, {"name": name, **fields})


async def category(client: Any, headers: dict[str, str], name: str, **fields: Any) -> dict[str, Any]:
    return await create(client, "/admin/categories", headers, {"name": name, **fields})


async def product(
    client: Any, headers: dict[str, str], name: str, *variants: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    return await create(
        client, "/admin/products", headers, {"name": name, "variants": list(variants), **fields}
    )


async def stock(client: Any, headers: dict[str, str], *skus: str, units: int = 10) -> None:
    """``units`` of each SKU received in warehouse MAIN (made if missing) by staff holding
    ``STOCK_KEEPER``; returns once inventory's events have put the SKUs' variants on sale."""
    warehouses = (await client.get("/admin/warehouses", headers=headers)).json()["items"]
    if not any(w["code"] == "MAIN" for w in warehouses):
        body = {"code": "MAIN", "name": "Main", "country": "DE", "priority": 0}
        await create(client, "/admin/warehouses", headers, body)
    for sku in skus:
        body = {"sku": sku, "warehouse": "MAIN", "delta": units, "reason": "received"}
        await create(client, "/admin/stock/adjustments", headers, body)

    async def on_sale() -> bool:
        query = GetVariantsBySku(skus=list(skus))
        facts = await asyncio.to_thread(client.blocking_portal.call, client.app.state.bus.ask, query)
        return len(facts) == len(skus) and all(f.available for f in facts)

    await eventually(on_sale)


async def fingerprint(database_url: str) -> dict[str, str]:
    """Every catalogue row and outbox row, digested: equal fingerprints mean nothing changed."""
    conn = await asyncpg.connect(database_url)
    try:
        return {
            table: await conn.fetchval(
                f"SELECT count(*) || ':' || coalesce(md5(string_agg({row}::text, '|' ORDER BY {row}::text)), '') "
                f"FROM {table} t"
            )
            for table, row in TABLES.items()
        }
    finally:
        await conn.close()


async def outbox_types(database_url: str, key: str) -> list[str]:
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("SELECT type FROM runtime_outbox WHERE key = $1 ORDER BY seq", key)
        return [row["type"] for row in rows]
    finally:
        await conn.close()
