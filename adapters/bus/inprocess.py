"""The default bus: messages stay in this process's memory.

Commands and queries call the dispatcher directly (no encoding). An event is
delivered to every subscribing domain; a subscriber that fails is retried with
backoff, and if it still fails the publish fails, so the outbox relay keeps
the event and tries again later (the inbox skips those that succeeded).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, TypeVar

from core.errors import TimedOut
from core.messages import Command, Envelope, Message, Query, wrap_here
from core.metrics import outgoing

if TYPE_CHECKING:
    from core.bus import Dispatcher

R = TypeVar("R")


class InProcessBus:
    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.05,
    ) -> None:
        self._dispatcher = dispatcher
        self._timeout = timeout
        self._retries = retries
        self._backoff = backoff

    async def start(self) -> None:
        return None

    async def close(self) -> None:
        return None

    async def send(self, command: Command[R], *, timeout: float | None = None) -> R:
        result: R = await self._call(command, timeout)
        return result

    async def ask(self, query: Query[R], *, timeout: float | None = None) -> R:
        result: R = await self._call(query, timeout)
        return result

    async def _call(self, message: Message, timeout: float | None) -> Any:
        envelope = wrap_here(message, encoded=False)
        try:
            with outgoing(envelope):
                async with asyncio.timeout(timeout or self._timeout):
                    return await self._dispatcher.handle(message, envelope)
        except TimeoutError:
            raise TimedOut(f"{envelope.type} got no reply in time", retry_after=1) from None

    async def publish(self, envelope: Envelope) -> None:
        event = self._dispatcher.types.decode(envelope)
        domains = [d for d, types in self._dispatcher.subscribing_domains().items() if envelope.type in types]
        results = await asyncio.gather(
            *(self._deliver(d, envelope, event) for d in domains), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result

    async def _deliver(self, domain: str, envelope: Envelope, event: Any) -> None:
        for attempt in range(self._retries + 1):
            try:
                await self._dispatcher.deliver(domain, envelope, event)
                return
            except Exception:
                if attempt == self._retries:
                    raise
                await asyncio.sleep(self._backoff * 2**attempt)
