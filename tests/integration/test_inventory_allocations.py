"""Orders' allocations on real PostgreSQL: made from the cart's holds, all or nothing, once per order."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from core.errors import Conflict, NotFound
from domains.inventory.handlers.allocations import allocate_stock, release_allocation, ship_allocation
from domains.inventory.handlers.reservations import get_reservations, reserve_stock
from domains.inventory.handlers.sweeper import sweep_expired
from domains.inventory.messages import (
    AllocateStock,
    AllocationLine,
    GetReservations,
    ItemQuantity,
    ReleaseAllocation,
    ReserveStock,
    ShipAllocation,
)
from domains.inventory.ports import InventoryDeps
from tests.integration.test_inventory_support import Clock, cart, connected, levels, opened, stocked

ORDER = cart(500)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def deps(database_url: str, clock: Clock) -> AsyncIterator[InventoryDeps]:
    async with opened(database_url, clock) as made:
        yield made


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    async with connected(database_url) as conn:
        yield conn


def allocation(n: int = 1, country: str | None = None, **units: int) -> AllocateStock:
    items = [ItemQuantity(sku=sku.replace("_", "-"), quantity=q) for sku, q in units.items()]
    return AllocateStock(order_id=ORDER, cart_id=cart(n), items=items, country=country)


async def movements(db: asyncpg.Connection, kind: str) -> int:
    return int(await db.fetchval("SELECT count(*) FROM inventory_movements WHERE kind = $1", kind))


async def test_an_order_takes_the_carts_holds_then_free_stock_from_the_shipping_country(deps, db) -> None:
    await stocked(deps, "MUG-1", 5, "BER", priority=9)
    await stocked(deps, "MUG-1", 5, "VIE", country="AT", priority=1)
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=3), deps)

    made = await allocate_stock(allocation(country="AT", MUG_1=7), deps)

    assert made.lines == [
        AllocationLine(sku="MUG-1", warehouse="BER", quantity=3),
        AllocationLine(sku="MUG-1", warehouse="VIE", quantity=4),
    ]
    assert await levels(db) == {("MUG-1", "BER"): (5, 3), ("MUG-1", "VIE"): (5, 4)}
    assert await get_reservations(GetReservations(cart_id=cart(1)), deps) == []


async def test_a_hold_that_expired_meanwhile_is_made_up_from_free_stock(deps, db, clock) -> None:
    await stocked(deps, "MUG-1", 5)
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=2, ttl_seconds=10), deps)
    clock.later(11)
    await sweep_expired(deps)

    made = await allocate_stock(allocation(MUG_1=2), deps)

    assert [(line.warehouse, line.quantity) for line in made.lines] == [("MAIN", 2)]
    assert await levels(db) == {("MUG-1", "MAIN"): (5, 2)}


async def test_an_order_one_sku_short_is_refused_whole_and_changes_nothing(deps, db) -> None:
    await stocked(deps, "MUG-1", 5)
    await stocked(deps, "POT-1", 1)
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=2), deps)
    before = (await levels(db), await db.fetchval("SELECT count(*) FROM inventory_movements"))

    with pytest.raises(Conflict) as refused:
        await allocate_stock(allocation(MUG_1=2, POT_1=2), deps)

    assert "POT-1" in refused.value.detail
    assert [e.field for e in refused.value.errors] == ["items[1].quantity"]
    assert (await levels(db), await db.fetchval("SELECT count(*) FROM inventory_movements")) == before
    assert [r.quantity for r in await get_reservations(GetReservations(cart_id=cart(1)), deps)] == [2]
    assert await db.fetchval("SELECT count(*) FROM inventory_allocations") == 0


async def test_allocating_the_same_order_twice_returns_the_first_allocation(deps, db) -> None:
    await stocked(deps, "MUG-1", 5)

    first = await allocate_stock(allocation(MUG_1=2), deps)
    again = await allocate_stock(allocation(MUG_1=3), deps)

    assert again == first
    assert await levels(db) == {("MUG-1", "MAIN"): (5, 2)}
    assert await movements(db, "allocation") == 1


async def test_a_declined_payment_gives_the_units_back_to_the_cart_once(deps, db, clock) -> None:
    await stocked(deps, "MUG-1", 5)
    await allocate_stock(allocation(MUG_1=2), deps)
    clock.later(100)

    await release_allocation(ReleaseAllocation(order_id=ORDER, reason="declined", back_to_cart=cart(1)), deps)
    await release_allocation(ReleaseAllocation(order_id=ORDER, reason="declined", back_to_cart=cart(1)), deps)

    held = await get_reservations(GetReservations(cart_id=cart(1)), deps)
    assert [(r.sku, r.quantity) for r in held] == [("MUG-1", 2)]
    assert held[0].expires_at is not None and held[0].expires_at > clock.now
    assert await levels(db) == {("MUG-1", "MAIN"): (5, 2)}


async def test_a_cancelled_order_gives_its_units_back_to_stock(deps, db) -> None:
    await stocked(deps, "MUG-1", 5)
    await allocate_stock(allocation(MUG_1=2), deps)

    await release_allocation(ReleaseAllocation(order_id=ORDER, reason="cancelled"), deps)

    assert await levels(db) == {("MUG-1", "MAIN"): (5, 0)}
    with pytest.raises(Conflict):
        await ship_allocation(ShipAllocation(order_id=ORDER), deps)


async def test_shipping_takes_the_units_off_the_shelf_once(deps, db) -> None:
    await stocked(deps, "MUG-1", 5)
    await allocate_stock(allocation(MUG_1=2), deps)

    await ship_allocation(ShipAllocation(order_id=ORDER), deps)
    await ship_allocation(ShipAllocation(order_id=ORDER), deps)
    await release_allocation(ReleaseAllocation(order_id=ORDER, reason="too late"), deps)

    assert await levels(db) == {("MUG-1", "MAIN"): (3, 0)}
    assert await movements(db, "shipment") == 1


async def test_shipping_an_order_never_allocated_is_not_found(deps) -> None:
    with pytest.raises(NotFound):
        await ship_allocation(ShipAllocation(order_id=ORDER), deps)
