"""Carts' holds on real PostgreSQL: set exactly, spread by priority, renewed, merged, swept when expired."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import asyncpg
import pytest

from core.errors import Conflict
from domains.inventory.handlers.reservations import (
    get_reservations,
    move_reservations,
    renew_reservations,
    reserve_stock,
)
from domains.inventory.handlers.sweeper import sweep_expired, sweep_reservations
from domains.inventory.messages import (
    GetReservations,
    MoveReservations,
    RenewReservations,
    ReserveStock,
    StockChanged,
)
from domains.inventory.ports import InventoryDeps
from domains.inventory.repository import PgHoldStore
from tests.integration.test_inventory_support import (
    Clock,
    cart,
    connected,
    events,
    levels,
    opened,
    stocked,
)
from tests.support.eventually import eventually


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


def reserve(n: int, sku: str, quantity: int, **fields: Any) -> ReserveStock:
    return ReserveStock(cart_id=cart(n), sku=sku, quantity=quantity, **fields)


async def test_a_hold_is_set_to_exactly_the_quantity_asked_with_a_fresh_expiry(deps, db, clock) -> None:
    await stocked(deps, "MUG-1", 10)
    start = clock.now

    first = await reserve_stock(reserve(1, "mug-1", 4), deps)
    clock.later(60)
    second = await reserve_stock(reserve(1, "MUG-1", 3, ttl_seconds=120), deps)

    assert (first.sku, first.quantity, first.expires_at) == ("MUG-1", 4, start + timedelta(seconds=900))
    assert (second.quantity, second.expires_at) == (3, clock.now + timedelta(seconds=120))
    assert await levels(db) == {("MUG-1", "MAIN"): (10, 3)}
    assert await get_reservations(GetReservations(cart_id=cart(1)), deps) == [second]


async def test_a_hold_spreads_over_warehouses_by_priority_and_shrinks_from_the_lowest(deps, db) -> None:
    await stocked(deps, "MUG-1", 3, "LOW", priority=1)
    await stocked(deps, "MUG-1", 4, "HIGH", priority=9)

    await reserve_stock(reserve(1, "MUG-1", 6), deps)
    spread = await levels(db)
    await reserve_stock(reserve(1, "MUG-1", 4), deps)

    assert spread == {("MUG-1", "HIGH"): (4, 4), ("MUG-1", "LOW"): (3, 2)}
    assert await levels(db) == {("MUG-1", "HIGH"): (4, 4), ("MUG-1", "LOW"): (3, 0)}


async def test_asking_for_more_than_is_available_is_a_conflict_that_changes_nothing(deps, db) -> None:
    await stocked(deps, "MUG-1", 5)
    await reserve_stock(reserve(1, "MUG-1", 2), deps)
    await reserve_stock(reserve(2, "MUG-1", 2), deps)
    before = (await levels(db), await db.fetchval("SELECT count(*) FROM inventory_movements"))

    with pytest.raises(Conflict) as refused:
        await reserve_stock(reserve(1, "MUG-1", 4), deps)

    assert [e.field for e in refused.value.errors] == ["quantity"]
    assert "3 available" in refused.value.detail
    assert (await levels(db), await db.fetchval("SELECT count(*) FROM inventory_movements")) == before
    assert [r.quantity for r in await get_reservations(GetReservations(cart_id=cart(1)), deps)] == [2]


async def test_a_sku_never_stocked_cannot_be_held(deps) -> None:
    with pytest.raises(Conflict):
        await reserve_stock(reserve(1, "GHOST-1", 1), deps)


async def test_zero_releases_the_hold_and_announces_the_units_available_again(deps, db) -> None:
    await stocked(deps, "MUG-1", 2)
    await reserve_stock(reserve(1, "MUG-1", 2), deps)

    released = await reserve_stock(reserve(1, "MUG-1", 0), deps)

    assert (released.quantity, released.expires_at) == (0, None)
    assert await get_reservations(GetReservations(cart_id=cart(1)), deps) == []
    assert [(e.available, e.version) for e in await events(db, StockChanged, "MUG-1")] == [
        (2, 1),
        (0, 2),
        (2, 3),
    ]


async def test_renewing_gives_every_hold_of_the_cart_the_same_fresh_expiry(deps, clock) -> None:
    await stocked(deps, "MUG-1", 5)
    await stocked(deps, "POT-1", 5)
    await reserve_stock(reserve(1, "MUG-1", 1), deps)
    clock.later(300)
    await reserve_stock(reserve(1, "POT-1", 1), deps)
    clock.later(300)

    renewed = await renew_reservations(RenewReservations(cart_id=cart(1)), deps)
    nothing = await renew_reservations(RenewReservations(cart_id=cart(2)), deps)

    assert renewed == clock.now + timedelta(seconds=900)
    assert {r.expires_at for r in await get_reservations(GetReservations(cart_id=cart(1)), deps)} == {renewed}
    assert nothing is None


async def test_merging_a_guest_cart_adds_its_holds_to_the_customers(deps, db) -> None:
    await stocked(deps, "MUG-1", 10)
    await stocked(deps, "POT-1", 10)
    await reserve_stock(reserve(1, "MUG-1", 2), deps)
    await reserve_stock(reserve(1, "POT-1", 1), deps)
    await reserve_stock(reserve(2, "MUG-1", 3), deps)

    await move_reservations(MoveReservations(from_cart_id=cart(1), to_cart_id=cart(2)), deps)

    merged = await get_reservations(GetReservations(cart_id=cart(2)), deps)
    assert [(r.sku, r.quantity) for r in merged] == [("MUG-1", 5), ("POT-1", 1)]
    assert await get_reservations(GetReservations(cart_id=cart(1)), deps) == []
    assert await levels(db) == {("MUG-1", "MAIN"): (10, 5), ("POT-1", "MAIN"): (10, 1)}


async def test_a_sweep_releases_expired_holds_and_keeps_renewed_ones(deps, db, clock) -> None:
    await stocked(deps, "MUG-1", 10)
    for n in range(1, 8):
        await reserve_stock(reserve(n, "MUG-1", 1), deps)
    clock.later(600)
    await renew_reservations(RenewReservations(cart_id=cart(7)), deps)
    clock.later(301)

    released = await sweep_expired(deps)  # in batches of 3

    assert released == 6
    assert await levels(db) == {("MUG-1", "MAIN"): (10, 1)}
    assert [r.sku for r in await get_reservations(GetReservations(cart_id=cart(7)), deps)] == ["MUG-1"]
    assert (await events(db, StockChanged, "MUG-1"))[-1].available == 9


class FailingOnce(PgHoldStore):
    def __init__(self) -> None:
        self.failed = False

    async def expire(self, now: Any, limit: int) -> Any:
        if not self.failed:
            self.failed = True
            raise ConnectionError("database went away")
        return await super().expire(now, limit)


async def test_the_sweeper_worker_carries_on_after_a_failed_sweep(deps, db, clock) -> None:
    await stocked(deps, "MUG-1", 4)
    await reserve_stock(reserve(1, "MUG-1", 4, ttl_seconds=1), deps)
    clock.later(2)
    holds = FailingOnce()
    worker = asyncio.create_task(sweep_reservations(replace(deps, holds=holds, sweep_seconds=0.01)))
    try:

        async def released() -> bool:
            return await levels(db) == {("MUG-1", "MAIN"): (4, 0)}

        await eventually(released, within=10)
    finally:
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
    assert holds.failed
