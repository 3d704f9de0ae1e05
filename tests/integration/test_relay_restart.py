"""The outbox relay survives being killed between publish and mark, on every bus adapter.

A relay killed after the bus accepted some events but before it marked their
rows published republishes them on restart; subscribers still process each
event once (JetStream's Nats-Msg-Id and the inbox). Events of one key reach
subscribers in commit order.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable

import asyncpg
import pytest

from adapters.db.outbox import PgOutboxStore
from core.bus import MessageBus
from core.messages import Envelope
from core.outbox import OutboxRelay
from tests.support.bus_harness import KINDS, BusHarness, Process, bus_harness
from tests.support.eventually import eventually
from tests.support.tally import Add, Tally, Watcher, tally_domain, watcher_domain


@pytest.fixture(params=KINDS)
async def harness(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[BusHarness]:
    async with bus_harness(request.param, database_url) as opened:
        yield opened


class KilledAfterPublishing:
    """A bus through which the relay dies: after ``count`` events went out, publish never returns."""

    def __init__(self, bus: MessageBus, count: int) -> None:
        self._bus = bus
        self._count = count
        self.published: list[str] = []
        self.dead = asyncio.Event()

    async def publish(self, envelope: Envelope) -> None:
        if not self.dead.is_set():
            await self._bus.publish(envelope)
            self.published.append(envelope.id)
            if len(self.published) >= self._count:
                self.dead.set()
        if self.dead.is_set():
            await asyncio.Event().wait()  # the process is gone before it can mark anything


async def outbox(database_url: str, sql: str) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(sql)
    finally:
        await conn.close()


async def committed_ids(database_url: str) -> list[str]:
    return [str(r["id"]) for r in await outbox(database_url, "SELECT id FROM runtime_outbox ORDER BY seq")]


async def unpublished(database_url: str) -> int:
    rows = await outbox(database_url, "SELECT count(*) AS n FROM runtime_outbox WHERE published_at IS NULL")
    return int(rows[0]["n"])


def relay(database_url: str, bus: MessageBus) -> OutboxRelay:
    started = OutboxRelay(PgOutboxStore(database_url), bus, poll_seconds=0.1, backoff_seconds=0.05)
    started.start()
    return started


async def open_shop(harness: BusHarness) -> tuple[Process, Watcher, Watcher]:
    audit, mailer = Watcher(), Watcher()
    process = await harness.open(
        tally_domain(Tally()), watcher_domain("audit", audit), watcher_domain("mailer", mailer)
    )
    return process, audit, mailer


async def test_relay_killed_between_publish_and_mark_delivers_each_event_once_after_restart(
    harness: BusHarness, database_url: str
) -> None:
    process, audit, mailer = await open_shop(harness)
    for n in range(12):
        await process.bus.send(Add(counter=f"c{n % 3}", amount=n + 1))  # committed, no relay running
    ids = await committed_ids(database_url)
    assert len(ids) == 12

    dying = KilledAfterPublishing(process.bus, count=5)
    first = relay(database_url, dying)
    async with asyncio.timeout(15):
        await dying.dead.wait()
    await first.stop()
    assert await unpublished(database_url) == 12  # published some, marked none
    for watcher in (audit, mailer):
        await watcher.wait_until(lambda w=watcher: w.saw(*dying.published))

    second = relay(database_url, process.bus)
    try:
        for watcher in (audit, mailer):
            await watcher.wait_until(lambda w=watcher: w.saw(*ids))
        markers = [await process.bus.send(Add(counter=f"c{n}", amount=100)) for n in range(3)]
        await eventually(lambda: _zero(unpublished(database_url)))
    finally:
        await second.stop()

    everything = await committed_ids(database_url)
    assert len(everything) == len(ids) + len(markers)
    for watcher in (audit, mailer):
        await watcher.wait_until(lambda w=watcher: w.saw(*everything))  # markers: repeats came before
        assert {event_id: watcher.count(event_id) for event_id in everything} == dict.fromkeys(everything, 1)


async def _zero(count: Awaitable[int]) -> bool:
    return await count == 0


async def test_events_of_one_key_reach_subscribers_in_commit_order(
    harness: BusHarness, database_url: str
) -> None:
    process, audit, mailer = await open_shop(harness)
    for n in range(1, 11):  # committed before the relay runs
        await process.bus.send(Add(counter="k", amount=n))
        await process.bus.send(Add(counter=f"other{n % 2}", amount=n))
    running = relay(database_url, process.bus)
    try:
        for n in range(11, 21):  # committed while it runs
            await process.bus.send(Add(counter="k", amount=n))
        for watcher in (audit, mailer):
            await watcher.wait_until(lambda w=watcher: _amounts(w, "k")[-1:] == [20])
    finally:
        await running.stop()

    for watcher in (audit, mailer):
        assert _amounts(watcher, "k") == list(range(1, 21))


def _amounts(watcher: Watcher, counter: str) -> list[int]:
    return [event.amount for _, event in watcher.seen if event.counter == counter]
