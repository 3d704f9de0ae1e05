"""The event half of the NATS bus: one JetStream stream, a durable consumer per subscribing domain.

Publishing waits for the stream's ack and sets ``Nats-Msg-Id`` to the event id,
so JetStream drops a republished event. Each subscribing domain pulls through
its own durable consumer (explicit ack, ``max_deliver``): a batch is split by
key, keys run in parallel and one key in stream order; an event is acked after
the domain's handlers committed, nak'd with a growing delay when they failed,
and terminated when it cannot be decoded. The inbox drops redeliveries.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import msgspec
import nats.errors
import nats.js.errors
import structlog
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig

from core import tracing
from core.messages import Envelope, decode_envelope, encode

if TYPE_CHECKING:
    from nats.aio.msg import Msg
    from nats.js import JetStreamContext

    from core.bus import Dispatcher

log = structlog.get_logger("mercato.bus.nats")
Lane = list[tuple["Msg", Envelope, Any]]


class JetStreamEvents:
    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        prefix: str,
        stream: str,
        max_deliver: int,
        ack_wait: float,
        retry_delay: float,
        fetch_batch: int,
    ) -> None:
        self._dispatcher = dispatcher
        self._prefix = prefix
        self._stream = stream
        self._max_deliver = max_deliver
        self._ack_wait = ack_wait
        self._retry_delay = retry_delay
        self._fetch_batch = fetch_batch
        self._consumers: list[asyncio.Task[None]] = []
        self._deliveries: set[asyncio.Task[None]] = set()

    def subject(self, event_type: str) -> str:
        return f"{self._prefix}.events.{event_type}"

    async def start(self, js: JetStreamContext) -> None:
        """Create or update the stream, then start one pulling task per subscribing domain."""
        config = StreamConfig(name=self._stream, subjects=[f"{self._prefix}.events.>"])
        try:
            await js.add_stream(config)
        except nats.js.errors.BadRequestError:  # exists with another configuration
            await js.update_stream(config)
        for domain, event_types in self._dispatcher.subscribing_domains().items():
            sub = await self._bind(js, domain, event_types)
            self._consumers.append(asyncio.create_task(self._consume(domain, sub), name=f"nats:{domain}"))

    async def publish(self, js: JetStreamContext, envelope: Envelope, timeout: float) -> None:
        headers = {"Nats-Msg-Id": envelope.id}
        tracing.inject(headers)  # the relay's publish span: subscribers' spans join its trace
        await js.publish(
            self.subject(envelope.type),
            encode(envelope),
            timeout=timeout,
            stream=self._stream,
            headers=headers,
        )

    async def stop(self, grace: float) -> None:
        """Stop pulling; give the deliveries in flight ``grace`` seconds to commit and ack."""
        for task in self._consumers:
            task.cancel()
        await asyncio.gather(*self._consumers, return_exceptions=True)
        if self._deliveries:
            await asyncio.wait(self._deliveries, timeout=grace)
        for task in self._deliveries:
            task.cancel()
        self._consumers = []

    async def _bind(
        self, js: JetStreamContext, domain: str, event_types: list[str]
    ) -> JetStreamContext.PullSubscription:
        config = ConsumerConfig(
            name=domain,
            durable_name=domain,
            filter_subjects=sorted(self.subject(t) for t in event_types),
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self._ack_wait,
            max_deliver=self._max_deliver,
            # No consumer ``backoff``: the server would stretch our nak delays to its steps.
        )
        await js.add_consumer(self._stream, config)  # creates it, or updates its filters
        return await js.pull_subscribe_bind(durable=domain, stream=self._stream)

    async def _consume(self, domain: str, sub: JetStreamContext.PullSubscription) -> None:
        while True:
            try:
                batch = await sub.fetch(self._fetch_batch, timeout=5)
            except TimeoutError:
                continue
            except Exception:  # the loop must outlive a broken connection
                log.warning("event fetch failed; retrying", domain=domain, exc_info=True)
                await asyncio.sleep(1)
                continue
            delivery = asyncio.create_task(self._deliver(domain, await self._lanes(batch)))
            self._deliveries.add(delivery)
            delivery.add_done_callback(self._deliveries.discard)
            # Shielded: stop() ends the pulling, not a delivery halfway through its transaction.
            await asyncio.shield(delivery)

    async def _lanes(self, batch: list[Msg]) -> list[Lane]:
        """Group a batch by key: one key in stream order, different keys in parallel."""
        lanes: dict[str, Lane] = defaultdict(list)
        for msg in batch:
            try:
                envelope = decode_envelope(msg.data)
                event = self._dispatcher.types.decode(envelope)
            except (msgspec.DecodeError, LookupError):
                log.error("undecodable event terminated", subject=msg.subject)
                with contextlib.suppress(nats.errors.Error):
                    await msg.term()
                continue
            lanes[envelope.key or envelope.id].append((msg, envelope, event))
        return list(lanes.values())

    async def _deliver(self, domain: str, lanes: list[Lane]) -> None:
        await asyncio.gather(*(self._deliver_lane(domain, lane) for lane in lanes))

    async def _deliver_lane(self, domain: str, lane: Lane) -> None:
        for msg, envelope, event in lane:
            try:
                async with _working_on(msg, self._ack_wait / 3):
                    with tracing.attached(msg.headers):
                        await self._dispatcher.deliver(domain, envelope, event)
            except Exception:  # noqa: BLE001 - nak'd and redelivered later
                await self._retry_later(domain, msg, envelope)
                continue
            with contextlib.suppress(nats.errors.Error):
                await msg.ack()

    async def _retry_later(self, domain: str, msg: Msg, envelope: Envelope) -> None:
        attempt = msg.metadata.num_delivered
        log.warning(
            "subscriber failed",
            domain=domain,
            id=envelope.id,
            type=envelope.type,
            attempt=attempt,
            last=attempt >= self._max_deliver,
            exc_info=True,
        )
        with contextlib.suppress(nats.errors.Error):
            await msg.nak(delay=min(self._retry_delay * 2 ** (attempt - 1), 300.0))


@contextlib.asynccontextmanager
async def _working_on(msg: Msg, every: float) -> AsyncIterator[None]:
    """Tell JetStream the message is still being handled, so a slow handler is not redelivered."""

    async def beat() -> None:
        while True:
            await asyncio.sleep(every)
            await msg.in_progress()

    task = asyncio.create_task(beat())
    try:
        yield
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
