"""Stock changes reach the shopper's catalogue: a SKU held to its last unit shows out of stock,
and shows in stock again once the sweeper releases the expired hold."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import asyncpg
import pytest

from adapters.db.uow import PgUnitOfWorkFactory
from core.errors import Conflict
from demo.inventory import load_stock
from domains.inventory.handlers.sweeper import sweep_expired
from domains.inventory.messages import GetReservations, ReserveStock
from domains.inventory.ports import InventoryDeps
from domains.inventory.repository import PgAllocationStore, PgHoldStore, PgStockStore, PgWarehouseStore
from tests.e2e.test_catalog_support import STAFF as CATALOG
from tests.e2e.test_catalog_support import product, variant
from tests.e2e.test_inventory_support import STAFF, adjust, warehouse
from tests.e2e.test_promotions_support import on_bus
from tests.support.eventually import eventually


@pytest.fixture
def staff(staff_headers: Any) -> dict[str, str]:
    return staff_headers(*STAFF, *CATALOG)


async def published(client: Any, staff: dict[str, str], sku: str) -> dict[str, Any]:
    return await product(client, staff, f"Item {sku}", variant(sku, 1500), publish=True)


async def shown(client: Any, slug: str) -> tuple[bool, bool]:
    """(in_stock on the listing, available on the detail) of the product's one variant."""
    listing = (await client.get("/products")).json()["items"]
    detail = (await client.get(f"/products/{slug}")).json()
    card = next(item for item in listing if item["slug"] == slug)
    return card["in_stock"], detail["variants"][0]["available"]


async def one_sweep(client: Any, minutes_later: int) -> int:
    """One sweep in the app's own process, as if the clock had moved on."""
    services = client.app.state.services
    deps = InventoryDeps(
        uow=PgUnitOfWorkFactory(services.engine),
        bus=services.bus,
        warehouses=PgWarehouseStore(),
        stock=PgStockStore(),
        holds=PgHoldStore(),
        allocations=PgAllocationStore(),
        clock=lambda: datetime.now(UTC) + timedelta(minutes=minutes_later),
    )
    released: int = await asyncio.to_thread(client.blocking_portal.call, sweep_expired, deps)
    return released


async def test_the_last_units_held_by_a_cart_show_out_of_stock_until_the_hold_expires(client, staff) -> None:
    made = await published(client, staff, "LAST-1")
    await warehouse(client, staff, "MAIN")
    await adjust(client, staff, "LAST-1", "MAIN", 2)
    cart = uuid4()

    await on_bus(client, ReserveStock(cart_id=cart, sku="LAST-1", quantity=2))

    async def sold_out() -> bool:
        return await shown(client, made["slug"]) == (False, False)

    await eventually(sold_out)
    assert await one_sweep(client, minutes_later=16) == 1

    async def back() -> bool:
        return await shown(client, made["slug"]) == (True, True)

    await eventually(back)
    assert await on_bus(client, GetReservations(cart_id=cart)) == []


async def test_a_cart_asking_for_more_than_is_left_is_refused_with_a_conflict(client, staff) -> None:
    await published(client, staff, "LAST-2")
    await warehouse(client, staff, "MAIN")
    await adjust(client, staff, "LAST-2", "MAIN", 1)

    with pytest.raises(Conflict):
        await on_bus(client, ReserveStock(cart_id=uuid4(), sku="LAST-2", quantity=2))

    level = (await client.get("/admin/stock/LAST-2", headers=staff)).json()
    assert (level["on_hand"], level["reserved"]) == (1, 0)


async def test_low_stock_is_announced_once_as_stock_runs_down(client, staff, settings) -> None:
    await published(client, staff, "LOW-1")
    await warehouse(client, staff, "MAIN")
    await adjust(client, staff, "LOW-1", "MAIN", 10)
    await client.patch("/admin/stock/LOW-1", json={"low_stock_threshold": 3}, headers=staff)

    for units in (5, 2, 1, 2):  # available: 5, 3 (low), 2, 0
        await on_bus(client, ReserveStock(cart_id=uuid4(), sku="LOW-1", quantity=units))

    conn = await asyncpg.connect(settings.database_url)
    try:
        rows = await conn.fetch("SELECT type FROM runtime_outbox WHERE key = 'LOW-1' ORDER BY seq")
    finally:
        await conn.close()
    kinds = [row["type"].removeprefix("inventory.") for row in rows]
    assert kinds.count("StockLow") == 1
    assert kinds.count("StockDepleted") == 1
    assert kinds[-2:] == ["StockChanged", "StockDepleted"]


async def test_demo_stock_is_loaded_once(client, staff) -> None:
    bus = client.app.state.bus
    skus = ["DEMO-1", "DEMO-2"]
    for sku in (*skus, "DEMO-3"):
        await published(client, staff, sku)

    await asyncio.to_thread(client.blocking_portal.call, load_stock, bus, skus, 7)
    await asyncio.to_thread(client.blocking_portal.call, load_stock, bus, [*skus, "DEMO-3"], 7)

    warehouses = (await client.get("/admin/warehouses", headers=staff)).json()["items"]
    assert [(w["code"], w["country"], w["priority"]) for w in warehouses] == [("MAIN", "DE", 10)]
    for sku in (*skus, "DEMO-3"):
        level = (await client.get(f"/admin/stock/{sku}", headers=staff)).json()
        assert level["on_hand"] == 7
