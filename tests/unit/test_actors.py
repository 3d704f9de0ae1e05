"""Keyed actors: one message at a time per key, keys in parallel, bounded, evicted when idle."""

from __future__ import annotations

import asyncio

import pytest

from core.actors import Actors
from core.errors import Busy
from tests.support.eventually import eventually


async def test_same_key_runs_one_message_at_a_time_in_arrival_order() -> None:
    actors = Actors()
    running, most_at_once, order = 0, 0, []

    async def work(n: int) -> int:
        nonlocal running, most_at_once
        running += 1
        most_at_once = max(most_at_once, running)
        for _ in range(3):  # give any other message of the key a chance to interleave
            await asyncio.sleep(0)
        order.append(n)
        running -= 1
        return n * 10

    try:
        results = await asyncio.gather(
            *(actors.call("shop", "cart-1", lambda n=n: work(n)) for n in range(20))
        )
    finally:
        await actors.close()

    assert results == [n * 10 for n in range(20)]
    assert order == list(range(20))
    assert most_at_once == 1


async def test_different_keys_run_in_parallel() -> None:
    actors = Actors()
    started = {"a": asyncio.Event(), "b": asyncio.Event()}

    async def work(mine: str, other: str) -> str:
        started[mine].set()
        await started[other].wait()  # only returns if the other key runs at the same time
        return mine

    try:
        async with asyncio.timeout(5):
            results = await asyncio.gather(
                actors.call("shop", "a", lambda: work("a", "b")),
                actors.call("shop", "b", lambda: work("b", "a")),
            )
    finally:
        await actors.close()

    assert results == ["a", "b"]


async def test_full_mailbox_refuses_work_with_busy() -> None:
    actors = Actors(mailbox_size=2)
    started, release = asyncio.Event(), asyncio.Event()

    async def slow() -> str:
        started.set()
        await release.wait()
        return "done"

    try:
        first = asyncio.create_task(actors.call("shop", "k", slow))
        await started.wait()  # taken out of the mailbox: two places left
        queued = [asyncio.create_task(actors.call("shop", "k", slow)) for _ in range(2)]
        await asyncio.sleep(0)  # one loop turn: both queued calls have put their work in the mailbox
        with pytest.raises(Busy) as refused:
            await actors.call("shop", "k", slow)
        release.set()
        assert await asyncio.gather(first, *queued) == ["done"] * 3
    finally:
        await actors.close()

    assert refused.value.retry_after == 1


async def test_idle_actor_is_evicted_and_the_key_works_again_after() -> None:
    actors = Actors(idle_seconds=0.05)

    async def work() -> str:
        return "ok"

    try:
        assert await actors.call("shop", "k", work) == "ok"
        assert len(actors) == 1
        await eventually(lambda: len(actors) == 0)
        assert await actors.call("shop", "k", work) == "ok"
    finally:
        await actors.close()


async def test_error_goes_to_the_caller_and_the_actor_keeps_serving() -> None:
    actors = Actors()

    async def fail() -> None:
        raise ValueError("bad message")

    async def work() -> str:
        return "ok"

    try:
        with pytest.raises(ValueError, match="bad message"):
            await actors.call("shop", "k", fail)
        assert await actors.call("shop", "k", work) == "ok"
    finally:
        await actors.close()


async def test_message_without_key_runs_without_an_actor() -> None:
    actors = Actors()

    async def work() -> str:
        return "ok"

    assert await actors.call("shop", "", work) == "ok"
    assert len(actors) == 0


async def test_close_stops_an_actor_whose_work_turns_cancellation_into_an_error() -> None:
    actors = Actors(idle_seconds=3600)
    started = asyncio.Event()

    async def work() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise RuntimeError("cleanup failed") from None  # as a failed rollback does

    call = asyncio.create_task(actors.call("shop", "k", work))
    await started.wait()
    async with asyncio.timeout(5):
        await actors.close()

    assert len(actors) == 0
    with pytest.raises(RuntimeError, match="cleanup failed"):
        await call
