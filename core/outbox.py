"""The outbox relay: publishes committed events, in order per aggregate key.

Events are written to the outbox in the transaction that caused them. The
relay wakes on a notification (or a poll), publishes pending events through
the bus and marks them published. Delivery is at least once: a crash between
publish and mark republishes, and subscribers' inboxes drop the repeat.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

import structlog

from core.messages import decode_envelope
from core.metrics import outgoing

if TYPE_CHECKING:
    from core.bus import MessageBus

log = structlog.get_logger("mercato.outbox")


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    key: str
    envelope: bytes
    attempts: int
    next_attempt_at: datetime


class OutboxStore(Protocol):
    async def lead(self) -> bool:
        """Try to become the one relay that publishes; True when this one is."""
        ...

    async def pending(self, limit: int) -> list[PendingEvent]: ...

    async def published(self, seqs: list[int]) -> None: ...

    async def failed(self, seq: int, error: str, retry_at: datetime, dead: bool) -> None: ...

    async def wait(self, timeout: float) -> None:
        """Return when new events may be pending, or after ``timeout`` seconds."""
        ...

    async def close(self) -> None: ...


class OutboxRelay:
    def __init__(
        self,
        store: OutboxStore,
        bus: MessageBus,
        *,
        batch_size: int = 200,
        poll_seconds: float = 1.0,
        max_attempts: int = 10,
        backoff_seconds: float = 0.5,
    ) -> None:
        self._store = store
        self._bus = bus
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._max_attempts = max_attempts
        self._backoff_seconds = backoff_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._stopping = True  # also ends the loop if a library swallows the cancellation
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        await self._store.close()

    async def run(self) -> None:
        while not self._stopping:
            try:
                if not await self._store.lead():
                    await asyncio.sleep(self._poll_seconds)
                    continue
                if await self.drain_once() == 0:
                    await self._store.wait(self._poll_seconds)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(self._poll_seconds)

    async def drain_once(self) -> int:
        """Publish one batch; return how many events were published."""
        batch = await self._store.pending(self._batch_size)
        by_key: dict[str, list[PendingEvent]] = defaultdict(list)
        for event in batch:
            by_key[event.key or f"#{event.seq}"].append(event)  # no key: no order to keep
        now = datetime.now(UTC)
        lanes = [events for events in by_key.values() if events[0].next_attempt_at <= now]
        done = await asyncio.gather(*(self._publish_in_order(lane) for lane in lanes))
        seqs = [seq for lane in done for seq in lane]
        if seqs:
            await self._store.published(seqs)
        return len(seqs)

    async def _publish_in_order(self, lane: list[PendingEvent]) -> list[int]:
        published: list[int] = []
        for event in lane:
            try:
                envelope = decode_envelope(event.envelope)
                with outgoing(envelope, "published"):  # counted (orders too) and traced
                    await self._bus.publish(envelope)
            except Exception as exc:  # noqa: BLE001 - recorded, retried later
                await self._record_failure(event, exc)
                break
            published.append(event.seq)
        return published

    async def _record_failure(self, event: PendingEvent, exc: Exception) -> None:
        attempts = event.attempts + 1
        dead = attempts >= self._max_attempts
        delay = self._backoff_seconds * 2 ** min(attempts, 10)
        log.warning("event publish failed", seq=event.seq, attempts=attempts, dead=dead, error=str(exc))
        await self._store.failed(event.seq, repr(exc), datetime.now(UTC) + timedelta(seconds=delay), dead)
