"""Keyed actors: one bounded mailbox per (domain, key), one piece of work at a time.

Messages for the same key run in arrival order; different keys run in
parallel. An actor with nothing to do for ``idle_seconds`` goes away. A full
mailbox refuses new work with ``Busy`` instead of queueing without bound.

Work that comes with a ``Batch`` may run together with the work queued right
behind it in the same batch (the same ``group``): the actor hands all their items
to the batch's ``run_all`` at once, so a hot key (one SKU every shopper wants)
does one transaction for many messages instead of one each. A mailbox's size counts
the runs it holds: up to ``MAX_BATCH`` queued pieces of batchable work count as one.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from core.errors import Busy

T = TypeVar("T")

MAX_BATCH = 64


@dataclass(frozen=True)
class Batch:
    """How a piece of work may join others of its ``group``: ``run_all`` gets every joined
    ``item`` in order and returns, for each, its result or the exception it raised."""

    group: Hashable
    item: Any
    run_all: Callable[[list[Any]], Awaitable[list[Any]]]


@dataclass
class _Job:
    run: Callable[[], Awaitable[Any]]
    future: asyncio.Future[Any]
    batch: Batch | None = None


@dataclass
class _Actor:
    mailbox_size: int
    jobs: deque[_Job] = field(default_factory=deque)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    batchable: int = 0  # how many of ``jobs`` carry a batch

    def add(self, job: _Job) -> None:
        self.jobs.append(job)
        self.batchable += job.batch is not None
        self.arrived.set()

    def pop(self) -> _Job:
        job = self.jobs.popleft()
        self.batchable -= job.batch is not None
        return job

    def admits(self, batch: Batch | None) -> bool:
        """Whether one more piece of work fits: the mailbox holds ``mailbox_size`` runs, and
        batchable work fills a run every ``MAX_BATCH``."""
        batchable = self.batchable + (batch is not None)
        runs = len(self.jobs) - self.batchable + (batch is None) + -(-batchable // MAX_BATCH)
        return runs <= self.mailbox_size

    def take(self) -> list[_Job]:
        """The next job, with the jobs right behind it that may run in the same batch."""
        first = self.pop()
        taken = [first]
        if first.batch is not None:
            while self.jobs and len(taken) < MAX_BATCH:
                following = self.jobs[0].batch
                if following is None or following.group != first.batch.group:
                    break
                taken.append(self.pop())
        return taken


class Actors:
    def __init__(self, *, mailbox_size: int = 256, idle_seconds: float = 30.0) -> None:
        self._mailbox_size = mailbox_size
        self._idle_seconds = idle_seconds
        self._actors: dict[tuple[str, str], _Actor] = {}

    def __len__(self) -> int:
        return len(self._actors)

    def mailboxes(self) -> dict[str, tuple[int, int, int]]:
        """Per domain: its live actors, the work queued in their mailboxes, the fullest one's queue
        (read by /metrics)."""
        found: dict[str, tuple[int, int, int]] = {}
        for (domain, _), actor in list(self._actors.items()):
            count, queued, most = found.get(domain, (0, 0, 0))
            found[domain] = (count + 1, queued + len(actor.jobs), max(most, len(actor.jobs)))
        return found

    async def call(
        self, domain: str, key: str, work: Callable[[], Awaitable[T]], batch: Batch | None = None
    ) -> T:
        """Run ``work`` in the actor for (domain, key) and return its result.

        With ``batch``, the actor may instead run it through ``batch.run_all`` together with
        other queued work of the same batch group, and return this item's result.
        """
        if not key:
            # Run at once in the caller's context: a keyless query asked inside a transaction
            # reuses its connection (a fresh context would take a second one from the pool, and
            # a pool full of handlers each waiting for a second connection stalls them all).
            return await work()
        actor = self._actor(domain, key)
        if not actor.admits(batch):
            raise Busy(f"{domain} is busy with {key!r}; retry shortly", retry_after=1)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        actor.add(_Job(work, future, batch))
        return await future

    def _actor(self, domain: str, key: str) -> _Actor:
        address = (domain, key)
        actor = self._actors.get(address)
        if actor is None:
            actor = self._actors[address] = _Actor(self._mailbox_size)
            # A fresh context: the actor serves every caller, so it must not keep the first one's
            # (an open unit of work, say); each piece of work sets its own message context.
            actor.task = asyncio.create_task(
                self._run(address, actor), name=f"actor:{domain}:{key}", context=contextvars.Context()
            )
        return actor

    async def _run(self, address: tuple[str, str], actor: _Actor) -> None:
        try:
            while True:
                if not actor.jobs:
                    actor.arrived.clear()
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self._idle_seconds):
                            await actor.arrived.wait()
                    if not actor.jobs:
                        return
                jobs = [job for job in actor.take() if not job.future.cancelled()]
                if len(jobs) == 1:
                    await self._one(jobs[0])
                elif jobs:
                    await self._together(jobs)
                if self._stopping():
                    return
        finally:
            self._actors.pop(address, None)
            while actor.jobs:
                future = actor.pop().future
                if not future.done():
                    future.set_exception(Busy("actor stopped; retry", retry_after=1))

    @staticmethod
    async def _one(job: _Job) -> None:
        try:
            outcome = await job.run()
        except asyncio.CancelledError:
            job.future.cancel()  # the caller learns the actor stopped mid-work
            raise
        except Exception as exc:  # noqa: BLE001 - handed to the caller
            if not job.future.cancelled():
                job.future.set_exception(exc)
            return
        if not job.future.cancelled():
            job.future.set_result(outcome)

    @staticmethod
    async def _together(jobs: list[_Job]) -> None:
        run_all = jobs[0].batch.run_all if jobs[0].batch else None
        assert run_all is not None
        try:
            outcomes = await run_all([job.batch.item for job in jobs if job.batch])
        except asyncio.CancelledError:
            for job in jobs:
                job.future.cancel()
            raise
        except Exception as exc:  # noqa: BLE001 - the whole batch failed: each caller hears it
            outcomes = [exc] * len(jobs)
        for job, outcome in zip(jobs, outcomes, strict=True):
            if job.future.cancelled():
                continue
            if isinstance(outcome, BaseException):
                job.future.set_exception(outcome)
            else:
                job.future.set_result(outcome)

    @staticmethod
    def _stopping() -> bool:
        # close() cancelled us, but the work's cleanup turned the CancelledError into another error.
        task = asyncio.current_task()
        return task is not None and task.cancelling() > 0

    async def close(self) -> None:
        tasks = [a.task for a in self._actors.values() if a.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
