"""Inventory's handlers on real PostgreSQL, with a clock the test moves (no tests here)."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from adapters.db.engine import close_engine, open_engine
from adapters.db.uow import PgUnitOfWorkFactory
from core.messages import Event, decode_envelope
from core.money import Money
from domains.catalog.messages import GetVariantsBySku, VariantFacts
from domains.inventory.handlers.stock import adjust_stock
from domains.inventory.handlers.warehouses import create_warehouse
from domains.inventory.messages import AdjustStock, CreateWarehouse
from domains.inventory.model.ledger import effect
from domains.inventory.ports import InventoryDeps
from domains.inventory.repository import PgAllocationStore, PgHoldStore, PgStockStore, PgWarehouseStore


class Clock:
    """Now, until the test moves it on."""

    def __init__(self) -> None:
        self.now = datetime(2027, 1, 1, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def later(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def variant(sku: str) -> VariantFacts:
    return VariantFacts(
        sku=sku,
        variant_id=uuid4(),
        product_id=uuid4(),
        product_name=f"Item {sku}",
        price=Money(amount=1000, currency="EUR"),
        category_ids=[],
        brand_id=None,
        weight_grams=None,
        available=True,
        status="published",
    )


class Catalogue:
    """The bus as inventory asks it: a catalogue with a variant of every SKU, and nothing else."""

    async def ask(self, query: Any, *, timeout: float | None = None) -> Any:
        assert isinstance(query, GetVariantsBySku), f"inventory asked {query}"
        return [variant(sku) for sku in query.skus]


def inventory(engine: Any, clock: Clock, **settings: Any) -> InventoryDeps:
    return InventoryDeps(
        uow=PgUnitOfWorkFactory(engine),
        bus=Catalogue(),  # type: ignore[arg-type]
        warehouses=PgWarehouseStore(),
        stock=PgStockStore(),
        holds=PgHoldStore(),
        allocations=PgAllocationStore(),
        clock=clock,
        **settings,
    )


@contextlib.asynccontextmanager
async def opened(database_url: str, clock: Clock, **settings: Any) -> AsyncIterator[InventoryDeps]:
    """Inventory's deps over a pool of ten connections to ``database_url``."""
    engine = await open_engine(database_url, pool_size=10)
    try:
        yield inventory(engine, clock, **{"reservation_ttl": 900, "sweep_batch": 3, **settings})
    finally:
        await close_engine(engine)


@contextlib.asynccontextmanager
async def connected(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(database_url)
    try:
        yield conn
    finally:
        await conn.close()


async def stocked(deps: InventoryDeps, sku: str, units: int, code: str = "MAIN", **warehouse: Any) -> None:
    """``units`` of ``sku`` in warehouse ``code`` (made if missing), as if the catalogue had the SKU
    whatever bus ``deps`` has."""
    if code not in await deps.warehouses.by_codes([code]):
        fields = {"name": code, "country": "DE", **warehouse}
        await create_warehouse(CreateWarehouse(code=code, **fields), deps)
    command = AdjustStock(sku=sku, warehouse=code, delta=units, reason="initial stock")
    await adjust_stock(command, dataclasses.replace(deps, bus=Catalogue()))  # type: ignore[arg-type]


async def levels(db: asyncpg.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    """(sku, warehouse code) -> (on_hand, reserved), as stored."""
    rows = await db.fetch(
        "SELECT l.sku, w.code, l.on_hand, l.reserved FROM inventory_levels l "
        "JOIN inventory_warehouses w ON w.id = l.warehouse_id"
    )
    return {(r["sku"], r["code"]): (r["on_hand"], r["reserved"]) for r in rows}


async def rebuilt(db: asyncpg.Connection) -> dict[tuple[str, str], tuple[int, int]]:
    """(sku, warehouse code) -> (on_hand, reserved), replayed from the movements ledger alone."""
    found: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = await db.fetch(
        "SELECT m.sku, w.code, m.kind, m.quantity FROM inventory_movements m "
        "JOIN inventory_warehouses w ON w.id = m.warehouse_id ORDER BY m.id"
    )
    for row in rows:
        on_hand, reserved = effect(row["kind"], row["quantity"])
        found[row["sku"], row["code"]][0] += on_hand
        found[row["sku"], row["code"]][1] += reserved
    return {key: (value[0], value[1]) for key, value in found.items()}


async def held_or_allocated(db: asyncpg.Connection) -> dict[tuple[str, str], int]:
    """(sku, warehouse code) -> units held by carts or allocated to unshipped orders."""
    rows = await db.fetch(
        "SELECT sku, code, sum(quantity) AS units FROM ("
        " SELECT h.sku, h.warehouse_id, h.quantity FROM inventory_holds h"
        " UNION ALL SELECT l.sku, l.warehouse_id, l.quantity FROM inventory_allocation_lines l"
        " JOIN inventory_allocations a ON a.order_id = l.order_id WHERE a.state = 'allocated'"
        ") t JOIN inventory_warehouses w ON w.id = t.warehouse_id GROUP BY sku, code"
    )
    return {(r["sku"], r["code"]): r["units"] for r in rows}


async def events(db: asyncpg.Connection, kind: type[Event], key: str) -> list[Any]:
    """The events of ``kind`` written to the outbox for ``key``, in commit order."""
    tag = kind.__struct_config__.tag
    rows = await db.fetch(
        "SELECT envelope FROM runtime_outbox WHERE type = $1 AND key = $2 ORDER BY seq", tag, key
    )
    return [msgspec.json.decode(decode_envelope(row["envelope"]).payload, type=kind) for row in rows]


def cart(n: int) -> UUID:
    return UUID(int=n + 1)
