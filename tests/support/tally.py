"""Test domains for the bus contract: a counter that answers, and watchers that subscribe.

``tally`` handles commands and a query and raises domain errors; ``audit`` and
``mailer`` (built by ``watcher_domain``) each subscribe to ``tally.Added`` and
record the id of every event they processed, so tests can count deliveries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec

from core import context
from core.domain import Domain, Runtime
from core.errors import FieldError, Invalid, NotFound
from core.messages import Command, Event, Query


class Total(msgspec.Struct, frozen=True, kw_only=True):
    counter: str
    total: int


class Add(Command[Total], frozen=True, kw_only=True, tag="tally.Add"):
    key_field = "counter"
    counter: str
    amount: int


class GetTotal(Query[Total], frozen=True, kw_only=True, tag="tally.GetTotal"):
    key_field = "counter"
    counter: str


class Stall(Command[None], frozen=True, kw_only=True, tag="tally.Stall"):
    """Answered only once the test releases it."""


class Unanswered(Command[None], frozen=True, kw_only=True, tag="nobody.Unanswered"):
    """No domain handles this one."""


class Added(Event, frozen=True, kw_only=True, tag="tally.Added"):
    key_field = "counter"
    counter: str
    amount: int


@dataclass
class Tally:
    runtime: Runtime | None = None
    totals: dict[str, int] = field(default_factory=dict)
    handled: int = 0
    correlations: list[str | None] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)


async def add(cmd: Add, tally: Tally) -> Total:
    if cmd.amount <= 0:
        raise Invalid("amount must be positive", errors=[FieldError("amount", "must be greater than zero")])
    assert tally.runtime is not None
    tally.handled += 1
    tally.correlations.append(context.correlation_id.get())
    async with tally.runtime.uow() as uow:
        uow.add(Added(counter=cmd.counter, amount=cmd.amount))
        await uow.commit()
    tally.totals[cmd.counter] = tally.totals.get(cmd.counter, 0) + cmd.amount
    return Total(counter=cmd.counter, total=tally.totals[cmd.counter])


async def get_total(query: GetTotal, tally: Tally) -> Total:
    if query.counter not in tally.totals:
        raise NotFound(f"no counter named {query.counter!r}")
    return Total(counter=query.counter, total=tally.totals[query.counter])


async def stall(cmd: Stall, tally: Tally) -> None:
    await tally.release.wait()


def tally_domain(tally: Tally) -> Domain:
    def bootstrap(runtime: Runtime) -> Tally:
        tally.runtime = runtime
        return tally

    return Domain(
        name="tally",
        messages=[Add, GetTotal, Stall, Added],
        handlers={Add: add, GetTotal: get_total, Stall: stall},
        bootstrap=bootstrap,
    )


@dataclass
class Watcher:
    """What one subscribing domain saw: (event id, event) per processed delivery."""

    failures_left: int = 0
    attempts: int = 0
    seen: list[tuple[str, Added]] = field(default_factory=list)
    changed: asyncio.Condition = field(default_factory=asyncio.Condition)

    def count(self, event_id: str) -> int:
        return sum(1 for seen_id, _ in self.seen if seen_id == event_id)

    def saw(self, *event_ids: str) -> bool:
        ids = {seen_id for seen_id, _ in self.seen}
        return all(event_id in ids for event_id in event_ids)

    async def wait_until(self, condition: Callable[[], bool], within: float = 15.0) -> None:
        async with asyncio.timeout(within), self.changed:
            await self.changed.wait_for(condition)

    async def note(self, event_id: str, event: Added) -> None:
        self.seen.append((event_id, event))
        async with self.changed:
            self.changed.notify_all()


async def when_added_take_note(event: Added, watcher: Watcher) -> None:
    watcher.attempts += 1
    if watcher.failures_left > 0:
        watcher.failures_left -= 1
        raise RuntimeError("subscriber failed on purpose")
    event_id = context.causation_id.get()  # the dispatcher sets it to the event's id
    assert event_id is not None
    await watcher.note(event_id, event)


def watcher_domain(name: str, watcher: Watcher) -> Domain:
    def bootstrap(runtime: Runtime) -> Watcher:
        return watcher

    return Domain(name=name, subscriptions={Added: [when_added_take_note]}, bootstrap=bootstrap)
