"""The movements ledger is the whole story: every level can be rebuilt from it alone."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from core.errors import Conflict
from domains.inventory.handlers.allocations import allocate_stock, release_allocation, ship_allocation
from domains.inventory.handlers.reservations import (
    move_reservations,
    release_reservations,
    reserve_stock,
)
from domains.inventory.handlers.stock import adjust_stock, transfer_stock
from domains.inventory.handlers.sweeper import sweep_expired
from domains.inventory.messages import (
    AdjustStock,
    AllocateStock,
    ItemQuantity,
    MoveReservations,
    ReleaseAllocation,
    ReleaseReservations,
    ReserveStock,
    ShipAllocation,
    TransferStock,
)
from domains.inventory.ports import InventoryDeps
from tests.integration.test_inventory_support import (
    Clock,
    cart,
    connected,
    held_or_allocated,
    levels,
    opened,
    rebuilt,
    stocked,
)


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


def items(**units: int) -> list[ItemQuantity]:
    return [ItemQuantity(sku=sku.replace("_", "-"), quantity=n) for sku, n in units.items()]


async def a_busy_day(deps: InventoryDeps, clock: Clock) -> None:
    """Adjustments, transfers, holds set up and down, merges, expiry, orders allocated, released, shipped."""
    await stocked(deps, "MUG-1", 30, "BER", priority=5)
    await stocked(deps, "MUG-1", 8, "PAR", country="FR", priority=1)
    await stocked(deps, "POT-1", 12, "BER")
    await adjust_stock(
        AdjustStock(sku="POT-1", warehouse="PAR", delta=5, reason="delivery", kind="receipt"), deps
    )
    await adjust_stock(AdjustStock(sku="MUG-1", warehouse="BER", delta=-3, reason="broken"), deps)
    await transfer_stock(
        TransferStock(sku="MUG-1", from_warehouse="BER", to_warehouse="PAR", quantity=4), deps
    )
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=25), deps)
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=29), deps)  # spreads to PAR
    await reserve_stock(ReserveStock(cart_id=cart(1), sku="MUG-1", quantity=6), deps)
    await reserve_stock(ReserveStock(cart_id=cart(2), sku="POT-1", quantity=3, ttl_seconds=30), deps)
    await reserve_stock(ReserveStock(cart_id=cart(3), sku="MUG-1", quantity=2), deps)
    await move_reservations(MoveReservations(from_cart_id=cart(3), to_cart_id=cart(1)), deps)
    await reserve_stock(ReserveStock(cart_id=cart(4), sku="POT-1", quantity=1), deps)
    await release_reservations(ReleaseReservations(cart_id=cart(4)), deps)
    clock.later(31)
    await sweep_expired(deps)
    first, second, third = cart(101), cart(102), cart(103)
    await allocate_stock(
        AllocateStock(order_id=first, cart_id=cart(1), items=items(MUG_1=10, POT_1=2), country="FR"), deps
    )
    await release_allocation(ReleaseAllocation(order_id=first, reason="declined", back_to_cart=cart(5)), deps)
    await allocate_stock(
        AllocateStock(order_id=second, cart_id=cart(5), items=items(MUG_1=10, POT_1=2)), deps
    )
    await ship_allocation(ShipAllocation(order_id=second), deps)
    await allocate_stock(AllocateStock(order_id=third, cart_id=cart(6), items=items(POT_1=4)), deps)
    await release_allocation(ReleaseAllocation(order_id=third, reason="cancelled"), deps)
    await reserve_stock(ReserveStock(cart_id=cart(7), sku="POT-1", quantity=5), deps)
    with pytest.raises(Conflict):
        await reserve_stock(ReserveStock(cart_id=cart(8), sku="MUG-1", quantity=999), deps)


async def test_every_level_rebuilt_from_the_ledger_matches_the_stored_level(deps, clock, db) -> None:
    await a_busy_day(deps, clock)

    stored = await levels(db)

    assert await rebuilt(db) == stored
    assert stored == {
        ("MUG-1", "BER"): (15, 0),
        ("MUG-1", "PAR"): (10, 0),
        ("POT-1", "BER"): (12, 5),
        ("POT-1", "PAR"): (3, 0),
    }


async def test_what_is_reserved_is_exactly_what_carts_hold_and_unshipped_orders_keep(deps, clock, db) -> None:
    await a_busy_day(deps, clock)

    reserved = {key: value[1] for key, value in (await levels(db)).items() if value[1]}

    assert await held_or_allocated(db) == reserved


async def test_the_ledger_refuses_to_be_rewritten(deps, db) -> None:
    await stocked(deps, "MUG-1", 3)

    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await db.execute("UPDATE inventory_movements SET quantity = 300")
    with pytest.raises(asyncpg.RestrictViolationError, match="append-only"):
        await db.execute("DELETE FROM inventory_movements")
