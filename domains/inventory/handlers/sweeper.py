"""The sweeper: releases holds whose expiry passed, driven by ``expires_at`` in PostgreSQL.

Nothing about expiry lives in memory, so a restart loses nothing: the first
sweep after it releases what expired meanwhile. Each batch is one transaction
that skips holds another transaction has locked, so several processes can
sweep at once, and a cart renewing its holds is never blocked by a sweep.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import structlog

from domains.inventory.handlers.changes import Change
from domains.inventory.model.ledger import Entry

if TYPE_CHECKING:
    from datetime import datetime

    from domains.inventory.ports import InventoryDeps

log = structlog.get_logger("mercato.inventory.sweeper")


async def sweep_expired(deps: InventoryDeps, now: datetime | None = None) -> int:
    """Release every hold expired at ``now`` (default: the clock's now), batch by batch; how many."""
    cutoff, released = now or deps.clock(), 0
    while True:
        async with deps.uow() as uow:
            gone = await deps.holds.expire(cutoff, deps.sweep_batch)
            change = await Change.begin(deps, {hold.sku for hold in gone})
            for hold in gone:
                entry = Entry(
                    hold.sku,
                    hold.warehouse_id,
                    "release",
                    -hold.quantity,
                    "expired",
                    reference=str(hold.cart_id),
                )
                await change.apply(entry)
            await change.finish(uow)
            await uow.commit()
        released += len(gone)
        if len(gone) < deps.sweep_batch:
            return released


async def sweep_reservations(deps: InventoryDeps) -> None:
    """The worker: a sweep every ``deps.sweep_seconds``; a failed sweep is logged and retried."""
    while True:
        try:
            released = await sweep_expired(deps)
            if released:
                log.info("expired holds released", holds=released)
        except Exception:  # the next sweep retries: the holds stay in PostgreSQL
            log.exception("sweep of expired holds failed")
        await asyncio.sleep(deps.sweep_seconds)
