"""The unit-of-work contract, run against the in-memory fake and the PostgreSQL unit of work.

What every handler relies on: nothing is kept without ``commit()``, a nested unit
joins the outer one (only the outermost commit writes), events raised by
aggregates are collected exactly once, and ``claim()`` deduplicates a message
per consumer, undone with the unit it was made in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import asyncpg
import msgspec
import pytest

from adapters.db.engine import close_engine, open_engine
from adapters.db.uow import PgUnitOfWorkFactory
from core.messages import Event
from core.uow import UnitOfWorkFactory
from tests.support.fakes import Transactions


class Noted(Event, frozen=True, kw_only=True, tag="contract.Noted"):
    text: str


@dataclass
class Note:
    """An aggregate: its changes raise events it keeps until a unit of work collects them."""

    text: str
    events: list[Event] = field(default_factory=list)

    def write(self, text: str) -> None:
        self.text = text
        self.events.append(Noted(text=text))


@dataclass
class Harness:
    uow: UnitOfWorkFactory
    published: Callable[[], Awaitable[list[str]]]


@pytest.fixture(params=["fake", "postgres"])
async def harness(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[Harness]:
    if request.param == "fake":
        transactions = Transactions()

        async def committed() -> list[str]:
            return [event.text for event in transactions.of_type(Noted)]  # type: ignore[attr-defined]

        yield Harness(uow=transactions, published=committed)
        return
    engine = await open_engine(database_url, pool_size=2)

    async def outbox() -> list[str]:
        conn = await asyncpg.connect(database_url)
        try:
            rows = await conn.fetch(
                "SELECT envelope FROM runtime_outbox WHERE type = 'contract.Noted' ORDER BY seq"
            )
        finally:
            await conn.close()
        return [msgspec.json.decode(row["envelope"])["payload"]["text"] for row in rows]

    try:
        yield Harness(uow=PgUnitOfWorkFactory(engine), published=outbox)
    finally:
        await close_engine(engine)


async def test_events_of_a_unit_left_without_commit_are_never_published(harness: Harness) -> None:
    async with harness.uow() as uow:
        uow.add(Noted(text="dropped"))
    assert await harness.published() == []


async def test_events_of_a_committed_unit_are_published_in_order(harness: Harness) -> None:
    async with harness.uow() as uow:
        uow.add(Noted(text="one"), Noted(text="two"))
        await uow.commit()
    assert await harness.published() == ["one", "two"]


async def test_a_nested_unit_joins_the_outer_one_and_only_the_outer_commit_writes(harness: Harness) -> None:
    async with harness.uow() as outer:
        async with harness.uow() as inner:
            inner.add(Noted(text="inner"))
            await inner.commit()
        outer.add(Noted(text="outer"))
    assert await harness.published() == []
    async with harness.uow() as outer:
        async with harness.uow() as inner:
            inner.add(Noted(text="inner"))
            await inner.commit()
        await outer.commit()
    assert await harness.published() == ["inner"]


async def test_collect_takes_each_raised_event_once(harness: Harness) -> None:
    note = Note(text="")
    note.write("first")
    async with harness.uow() as uow:
        uow.collect(note)
        uow.collect(note)
        await uow.commit()
    assert note.events == []
    assert await harness.published() == ["first"]


async def test_a_claimed_message_is_refused_the_second_time_for_that_consumer_only(harness: Harness) -> None:
    async with harness.uow() as uow:
        assert await uow.claim("search", "m-1") is True
        await uow.commit()
    async with harness.uow() as uow:
        assert await uow.claim("search", "m-1") is False
        assert await uow.claim("pricing", "m-1") is True
        await uow.commit()


async def test_a_claim_is_undone_with_its_unit(harness: Harness) -> None:
    async with harness.uow() as uow:
        assert await uow.claim("search", "m-2") is True
    async with harness.uow() as uow:
        assert await uow.claim("search", "m-2") is True
        await uow.commit()
