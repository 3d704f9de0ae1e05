"""Keyed actors: one message at a time per key, keys in parallel, bounded, evicted when idle."""

from __future__ import annotations

import asyncio
import contextvars

import pytest

from core.actors import MAX_BATCH, Actors, Batch
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


async def test_batchable_work_queued_behind_a_busy_actor_runs_together_and_each_caller_gets_its_own_answer() -> (
    None
):
    actors = Actors()
    gate = asyncio.Event()
    batches: list[list[int]] = []

    async def run_all(items: list[int]) -> list[object]:
        batches.append(items)
        return [ValueError(f"no {n}") if n == 3 else n * 10 for n in items]

    async def alone(n: int) -> int:
        return (await run_all([n]))[0]  # type: ignore[return-value]

    async def occupied() -> None:
        await gate.wait()

    try:
        busy = asyncio.create_task(actors.call("stock", "SKU-1", occupied))
        calls = [
            asyncio.create_task(
                actors.call("stock", "SKU-1", lambda n=n: alone(n), Batch("reserve", n, run_all))
            )
            for n in range(1, 6)
        ]
        await asyncio.sleep(0)  # every call is queued behind the busy one
        gate.set()
        outcomes = await asyncio.gather(busy, *calls, return_exceptions=True)
    finally:
        await actors.close()

    assert batches == [[1, 2, 3, 4, 5]]
    assert [str(o) if isinstance(o, Exception) else o for o in outcomes[1:]] == [10, 20, "no 3", 40, 50]


async def test_work_of_another_batch_group_or_none_is_not_joined_and_order_holds() -> None:
    actors = Actors()
    gate = asyncio.Event()
    seen: list[object] = []

    def batch(group: str, n: int) -> Batch:
        async def run_all(items: list[int]) -> list[int]:
            seen.append((group, items))
            return items

        return Batch(group, n, run_all)

    async def plain(n: int) -> int:
        seen.append(n)
        return n

    async def occupied() -> None:
        await gate.wait()

    try:
        busy = asyncio.create_task(actors.call("stock", "SKU-1", occupied))
        calls = []
        for n, group in ((1, "a"), (2, "a"), (3, None), (4, "b"), (5, "a"), (6, "a")):
            spec = batch(group, n) if group else None
            calls.append(asyncio.create_task(actors.call("stock", "SKU-1", lambda n=n: plain(n), spec)))
        await asyncio.sleep(0)
        gate.set()
        await asyncio.gather(busy, *calls)
    finally:
        await actors.close()

    assert seen == [("a", [1, 2]), 3, 4, ("a", [5, 6])]


async def test_a_mailbox_counts_runs_so_batchable_work_fills_one_slot_per_batch() -> None:
    actors = Actors(mailbox_size=2)
    gate = asyncio.Event()

    async def run_all(items: list[int]) -> list[int]:
        return items

    async def occupied() -> None:
        await gate.wait()

    try:
        busy = asyncio.create_task(actors.call("stock", "SKU-1", occupied))
        await asyncio.sleep(0)
        queued = [
            asyncio.create_task(actors.call("stock", "SKU-1", occupied, Batch("reserve", n, run_all)))
            for n in range(2 * MAX_BATCH)
        ]
        await asyncio.sleep(0)
        with pytest.raises(Busy):
            await actors.call("stock", "SKU-1", occupied, Batch("reserve", -1, run_all))
        gate.set()
        results = await asyncio.gather(busy, *queued)
    finally:
        await actors.close()

    assert results[1:] == list(range(2 * MAX_BATCH))


async def test_an_actor_keeps_nothing_of_the_context_of_the_caller_that_started_it() -> None:
    actors = Actors()
    transaction: contextvars.ContextVar[str | None] = contextvars.ContextVar("transaction", default=None)

    async def seen() -> str | None:
        return transaction.get()

    async def first_caller() -> str | None:
        transaction.set("the first caller's transaction")
        return await actors.call("stock", "SKU-1", seen)

    try:
        first = await asyncio.create_task(first_caller())
        later = await actors.call("stock", "SKU-1", seen)
    finally:
        await actors.close()

    assert (first, later) == (None, None)
