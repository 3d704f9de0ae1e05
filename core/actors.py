"""Keyed actors: one bounded mailbox per (domain, key), one message at a time.

Messages for the same key run in arrival order; different keys run in
parallel. An actor with nothing to do for ``idle_seconds`` goes away. A full
mailbox refuses new work with ``Busy`` instead of queueing without bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from core.errors import Busy

T = TypeVar("T")

Work = tuple[Callable[[], Awaitable[Any]], asyncio.Future[Any]]


class _Actor:
    def __init__(self, mailbox_size: int) -> None:
        self.mailbox: asyncio.Queue[Work] = asyncio.Queue(mailbox_size)
        self.task: asyncio.Task[None] | None = None


class Actors:
    def __init__(self, *, mailbox_size: int = 256, idle_seconds: float = 30.0) -> None:
        self._mailbox_size = mailbox_size
        self._idle_seconds = idle_seconds
        self._actors: dict[tuple[str, str], _Actor] = {}

    def __len__(self) -> int:
        return len(self._actors)

    async def call(self, domain: str, key: str, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` in the actor for (domain, key) and return its result."""
        if not key:
            return await work()
        actor = self._actor(domain, key)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        try:
            actor.mailbox.put_nowait((work, future))
        except asyncio.QueueFull:
            raise Busy(f"{domain} is busy with {key!r}; retry shortly", retry_after=1) from None
        return await future

    def _actor(self, domain: str, key: str) -> _Actor:
        address = (domain, key)
        actor = self._actors.get(address)
        if actor is None:
            actor = self._actors[address] = _Actor(self._mailbox_size)
            actor.task = asyncio.create_task(self._run(address, actor), name=f"actor:{domain}:{key}")
        return actor

    async def _run(self, address: tuple[str, str], actor: _Actor) -> None:
        try:
            while True:
                try:
                    work, future = await asyncio.wait_for(actor.mailbox.get(), self._idle_seconds)
                except TimeoutError:
                    if actor.mailbox.empty():
                        return
                    continue
                if future.cancelled():
                    continue
                try:
                    future.set_result(await work())
                except asyncio.CancelledError:
                    future.cancel()  # the caller learns the actor stopped mid-work
                    raise
                except Exception as exc:  # noqa: BLE001 - handed to the caller
                    if not future.cancelled():
                        future.set_exception(exc)
                if self._stopping():
                    return
        finally:
            self._actors.pop(address, None)
            while not actor.mailbox.empty():
                _, future = actor.mailbox.get_nowait()
                if not future.done():
                    future.set_exception(Busy("actor stopped; retry", retry_after=1))

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
