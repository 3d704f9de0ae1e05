"""Carts racing for the last units on real PostgreSQL: the database, not the actor, keeps the count."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

import domains.inventory
from core.errors import Conflict
from domains.inventory.handlers.reservations import reserve_stock, reserve_stock_together
from domains.inventory.handlers.sweeper import sweep_expired
from domains.inventory.messages import Reservation, ReserveStock, StockChanged, StockDepleted
from domains.inventory.ports import InventoryDeps
from tests.integration.test_inventory_support import (
    Clock,
    cart,
    connected,
    events,
    held_or_allocated,
    levels,
    opened,
    stocked,
)
from tests.support.bus_harness import bus_harness

CARTS, UNITS = 50, 10


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


async def lowest_available(database_url: str, done: asyncio.Event) -> int:
    """The least ``on_hand - reserved`` seen on any level while ``done`` is not set."""
    async with connected(database_url) as conn:
        lowest = UNITS
        while not done.is_set():
            seen = await conn.fetchval("SELECT min(on_hand - reserved) FROM inventory_levels")
            lowest = min(lowest, seen if seen is not None else UNITS)
            await asyncio.sleep(0)
        return lowest


def outcome(results: list[Any]) -> tuple[int, int]:
    unexpected = [r for r in results if not isinstance(r, (Reservation, Conflict))]
    assert unexpected == []
    return sum(isinstance(r, Reservation) for r in results), sum(isinstance(r, Conflict) for r in results)


async def test_fifty_carts_racing_for_ten_units_get_exactly_ten_holds(deps, db, database_url) -> None:
    await stocked(deps, "HOT-1", UNITS)
    done = asyncio.Event()
    watcher = asyncio.create_task(lowest_available(database_url, done))

    results = await asyncio.gather(
        *(reserve_stock(ReserveStock(cart_id=cart(i), sku="HOT-1", quantity=1), deps) for i in range(CARTS)),
        return_exceptions=True,
    )
    done.set()

    assert outcome(results) == (UNITS, CARTS - UNITS)
    refused = [r for r in results if isinstance(r, Conflict)]
    assert all([e.field for e in r.errors] == ["quantity"] for r in refused)
    assert "not enough stock of HOT-1" in refused[0].detail
    assert await watcher >= 0
    assert await levels(db) == {("HOT-1", "MAIN"): (UNITS, UNITS)}
    assert await held_or_allocated(db) == {("HOT-1", "MAIN"): UNITS}


async def test_each_of_the_racing_holds_is_announced_once_in_version_order(deps, db) -> None:
    await stocked(deps, "HOT-1", UNITS)

    await asyncio.gather(
        *(reserve_stock(ReserveStock(cart_id=cart(i), sku="HOT-1", quantity=1), deps) for i in range(CARTS)),
        return_exceptions=True,
    )

    changes = await events(db, StockChanged, "HOT-1")
    assert [c.version for c in changes] == list(range(1, UNITS + 2))
    assert [c.available for c in changes] == list(range(UNITS, -1, -1))
    assert len(await events(db, StockDepleted, "HOT-1")) == 1


async def test_two_processes_reserving_the_same_sku_never_hold_more_than_there_is(database_url) -> None:
    """Each process has its own actor for the SKU: only PostgreSQL stands between them."""
    async with bus_harness("inprocess", database_url) as harness:
        first = await harness.open(domains.inventory.domain)
        second = await harness.open(domains.inventory.domain)
        deps = first.dispatcher._deps["inventory"]
        await stocked(deps, "HOT-2", UNITS)

        results = await asyncio.gather(
            *(
                (first if i % 2 else second).bus.send(ReserveStock(cart_id=cart(i), sku="HOT-2", quantity=1))
                for i in range(CARTS)
            ),
            return_exceptions=True,
        )

        assert outcome(results) == (UNITS, CARTS - UNITS)
        async with connected(database_url) as db:
            assert await levels(db) == {("HOT-2", "MAIN"): (UNITS, UNITS)}


async def test_two_sweepers_at_once_release_each_expired_hold_exactly_once(deps, db, clock) -> None:
    await stocked(deps, "HOT-3", 40)
    for i in range(20):
        await reserve_stock(ReserveStock(cart_id=cart(i), sku="HOT-3", quantity=2, ttl_seconds=60), deps)
    clock.later(61)

    released = await asyncio.gather(sweep_expired(deps), sweep_expired(deps), sweep_expired(deps))

    assert sum(released) == 20
    assert await levels(db) == {("HOT-3", "MAIN"): (40, 0)}
    assert await db.fetchval("SELECT count(*) FROM inventory_movements WHERE kind = 'release'") == 20


async def test_reservations_of_one_sku_taken_together_answer_each_cart_in_one_transaction(deps, db) -> None:
    await stocked(deps, "HOT-3", UNITS)
    first = cart(0)
    assert isinstance(
        await reserve_stock(ReserveStock(cart_id=first, sku="HOT-3", quantity=3), deps), Reservation
    )
    commands = [
        ReserveStock(cart_id=first, sku="HOT-3", quantity=1),  # the first cart gives two back
        *(ReserveStock(cart_id=cart(i), sku="HOT-3", quantity=2) for i in range(1, 7)),
        ReserveStock(cart_id=cart(7), sku="HOT-3", quantity=-1),
    ]

    outcomes = await reserve_stock_together(commands, deps)

    kinds = [type(o).__name__ for o in outcomes]
    assert kinds == ["Reservation"] * 5 + ["Conflict", "Conflict", "Invalid"]
    assert [o.quantity for o in outcomes[:5]] == [1, 2, 2, 2, 2]
    reserved = await db.fetchval("SELECT sum(reserved) FROM inventory_levels WHERE sku = 'HOT-3'")
    assert reserved == 9 == await db.fetchval("SELECT sum(quantity) FROM inventory_holds WHERE sku = 'HOT-3'")


async def test_two_hundred_carts_through_the_bus_hold_exactly_what_there_is(database_url) -> None:
    async with bus_harness("inprocess", database_url) as harness:
        process = await harness.open(domains.inventory.domain)
        deps = process.dispatcher._deps["inventory"]
        await stocked(deps, "HOT-4", UNITS)

        results = await asyncio.gather(
            *(process.bus.send(ReserveStock(cart_id=cart(i), sku="HOT-4", quantity=1)) for i in range(200)),
            return_exceptions=True,
        )

    assert outcome(results) == (UNITS, 200 - UNITS)
