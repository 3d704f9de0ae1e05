"""The MessageBus contract: every adapter (in-process, NATS) must pass all of it.

Runs against the real PostgreSQL (inbox) and, for NATS, a real JetStream server.
Waiting is always for a condition, bounded by a timeout; never a fixed sleep.
"""

from __future__ import annotations

import pytest

from core import context
from core.errors import FieldError, Invalid, NoHandler, NotFound, TimedOut
from core.messages import Envelope, new_id, wrap
from tests.support.bus_harness import BusHarness, Process
from tests.support.tally import (
    Add,
    Added,
    GetTotal,
    Stall,
    Tally,
    Total,
    Unanswered,
    Watcher,
    tally_domain,
    watcher_domain,
)


def added(counter: str = "c", amount: int = 1) -> Envelope:
    return wrap(Added(counter=counter, amount=amount), correlation_id=new_id())


async def open_shop(harness: BusHarness, *, audit: Watcher, mailer: Watcher) -> tuple[Process, Tally]:
    """One process hosting the counter and two domains subscribing to its events."""
    tally = Tally()
    process = await harness.open(
        tally_domain(tally), watcher_domain("audit", audit), watcher_domain("mailer", mailer)
    )
    return process, tally


async def test_command_reaches_its_one_handler_and_the_reply_comes_back(harness: BusHarness) -> None:
    tally = Tally()
    process = await harness.open(tally_domain(tally))

    reply = await process.bus.send(Add(counter="c", amount=3))

    assert reply == Total(counter="c", total=3)
    assert tally.handled == 1


async def test_command_carries_the_callers_correlation_id(harness: BusHarness) -> None:
    tally = Tally()
    process = await harness.open(tally_domain(tally))
    token = context.correlation_id.set("request-42")
    try:
        await process.bus.send(Add(counter="c", amount=1))
    finally:
        context.correlation_id.reset(token)

    assert tally.correlations == ["request-42"]


async def test_command_is_handled_once_when_two_processes_host_its_domain(harness: BusHarness) -> None:
    if harness.kind == "inprocess":
        pytest.skip("the in-process bus is one process by definition")
    first, second = Tally(), Tally()
    caller = await harness.open(tally_domain(first))
    await harness.open(tally_domain(second))

    replies = [await caller.bus.send(Add(counter=f"c{n}", amount=n + 1)) for n in range(20)]

    assert [r.total for r in replies] == [n + 1 for n in range(20)]
    assert first.handled + second.handled == 20


async def test_domain_error_keeps_its_type_message_and_field_errors(harness: BusHarness) -> None:
    process = await harness.open(tally_domain(Tally()))

    with pytest.raises(Invalid) as raised:
        await process.bus.send(Add(counter="c", amount=0))

    assert type(raised.value) is Invalid
    assert raised.value.detail == "amount must be positive"
    assert raised.value.errors == [FieldError("amount", "must be greater than zero")]


async def test_query_is_answered_and_its_errors_cross_too(harness: BusHarness) -> None:
    process = await harness.open(tally_domain(Tally()))
    await process.bus.send(Add(counter="c", amount=2))
    await process.bus.send(Add(counter="c", amount=5))

    assert await process.bus.ask(GetTotal(counter="c")) == Total(counter="c", total=7)
    with pytest.raises(NotFound, match="no counter named 'other'"):
        await process.bus.ask(GetTotal(counter="other"))


async def test_event_reaches_every_subscribing_domain(harness: BusHarness) -> None:
    audit, mailer = Watcher(), Watcher()
    process, _ = await open_shop(harness, audit=audit, mailer=mailer)
    event = added()

    await process.bus.publish(event)

    await audit.wait_until(lambda: audit.saw(event.id))
    await mailer.wait_until(lambda: mailer.saw(event.id))
    assert audit.seen[0][1] == Added(counter="c", amount=1)


async def test_failing_subscriber_is_retried_until_it_succeeds(harness: BusHarness) -> None:
    audit, mailer = Watcher(failures_left=2), Watcher()
    process, _ = await open_shop(harness, audit=audit, mailer=mailer)
    event = added()

    await process.bus.publish(event)

    await audit.wait_until(lambda: audit.saw(event.id))
    await mailer.wait_until(lambda: mailer.saw(event.id))
    assert audit.attempts == 3
    assert (audit.count(event.id), mailer.count(event.id)) == (1, 1)


async def test_event_published_twice_is_processed_once(harness: BusHarness) -> None:
    audit, mailer = Watcher(), Watcher()
    process, _ = await open_shop(harness, audit=audit, mailer=mailer)
    event, marker = added(amount=1), added(amount=2)

    await process.bus.publish(event)
    await process.bus.publish(event)
    await process.bus.publish(marker)  # same key: seen only after the repeat was dealt with

    for watcher in (audit, mailer):
        await watcher.wait_until(lambda w=watcher: w.saw(marker.id))
        assert watcher.count(event.id) == 1


async def test_event_delivered_again_after_its_ack_was_lost_is_processed_once(harness: BusHarness) -> None:
    audit, mailer = Watcher(), Watcher()
    process, _ = await open_shop(harness, audit=audit, mailer=mailer)
    event, marker = added(amount=1), added(amount=2)
    await process.bus.publish(event)
    await audit.wait_until(lambda: audit.saw(event.id))
    await mailer.wait_until(lambda: mailer.saw(event.id))

    await harness.redeliver(event)
    await process.bus.publish(marker)

    for watcher in (audit, mailer):
        await watcher.wait_until(lambda w=watcher: w.saw(marker.id))
        assert watcher.count(event.id) == 1


async def test_command_without_a_handler_gets_no_handler(harness: BusHarness) -> None:
    process = await harness.open(tally_domain(Tally()))

    with pytest.raises(NoHandler):
        await process.bus.send(Unanswered())


async def test_command_whose_handler_takes_too_long_times_out(harness: BusHarness) -> None:
    tally = Tally()
    process = await harness.open(tally_domain(tally))
    try:
        with pytest.raises(TimedOut):
            await process.bus.send(Stall(), timeout=0.2)
    finally:
        tally.release.set()
