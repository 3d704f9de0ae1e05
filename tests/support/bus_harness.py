"""Opens "processes" (dispatcher + actors + bus) over one adapter and a real database.

Every harness gets its own subject prefix and JetStream stream, so tests can
share one NATS server without seeing each other's messages; the stream is
deleted when the harness closes.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import nats

from adapters.bus.inprocess import InProcessBus
from adapters.bus.nats import NatsBus
from adapters.db.engine import close_engine, open_engine
from adapters.db.uow import PgUnitOfWorkFactory
from config.settings import Settings
from core.actors import Actors
from core.bus import Dispatcher, MessageBus
from core.domain import Domain, Runtime
from core.messages import Envelope, MessageTypes, encode, new_id
from core.security import TokenCodec
from tests.support import nats_server

if TYPE_CHECKING:
    from piccolo.engine.postgres import PostgresEngine

KINDS = ["inprocess", "nats"]


@dataclass
class Process:
    bus: MessageBus
    dispatcher: Dispatcher
    actors: Actors

    async def close(self) -> None:
        await self.bus.close()
        await self.actors.close()


class BusHarness:
    def __init__(self, kind: str, database_url: str, nats_url: str | None = None) -> None:
        self.kind = kind
        self.database_url = database_url
        self.nats_url = nats_url
        self.prefix = f"t{uuid.uuid4().hex[:12]}"
        self.stream = self.prefix.upper()
        self._engine: PostgresEngine | None = None
        self._processes: list[Process] = []

    async def open(self, *domains: Domain, **bus_options: Any) -> Process:
        """Start one process hosting ``domains`` on this harness's adapter."""
        if self._engine is None:
            self._engine = await open_engine(self.database_url, pool_size=8)
        uow = PgUnitOfWorkFactory(self._engine)
        actors = Actors(mailbox_size=bus_options.pop("mailbox_size", 256))
        dispatcher = Dispatcher(domains, actors=actors, uow=uow, types=MessageTypes())
        bus = self._bus(dispatcher, bus_options)
        runtime = Runtime(bus=bus, uow=uow, tokens=TokenCodec("k" * 40), settings=Settings())
        for domain in domains:
            dispatcher.provide(domain.name, domain.bootstrap(runtime))
        await bus.start()
        process = Process(bus=bus, dispatcher=dispatcher, actors=actors)
        self._processes.append(process)
        return process

    def _bus(self, dispatcher: Dispatcher, options: dict[str, Any]) -> MessageBus:
        options.setdefault("timeout", 5.0)
        if self.kind == "inprocess":
            return InProcessBus(dispatcher, **options)
        assert self.nats_url is not None
        options.setdefault("retry_delay", 0.05)
        return NatsBus(dispatcher, url=self.nats_url, prefix=self.prefix, stream=self.stream, **options)

    async def redeliver(self, envelope: Envelope) -> None:
        """Deliver an event again as if its ack was lost: past any broker-side deduplication."""
        if self.kind == "inprocess":
            await self._processes[0].bus.publish(envelope)
            return
        nc = await nats.connect(self.nats_url)
        try:
            await nc.jetstream().publish(
                f"{self.prefix}.events.{envelope.type}",
                encode(envelope),
                stream=self.stream,
                headers={"Nats-Msg-Id": new_id()},
            )
        finally:
            await nc.close()

    async def close(self) -> None:
        for process in reversed(self._processes):
            await process.close()
        if self.kind == "nats":
            nc = await nats.connect(self.nats_url)
            try:
                await nc.jetstream().delete_stream(self.stream)
            except nats.js.errors.NotFoundError:
                pass
            finally:
                await nc.close()
        if self._engine is not None:
            await close_engine(self._engine)


@contextlib.asynccontextmanager
async def bus_harness(kind: str, database_url: str) -> AsyncIterator[BusHarness]:
    """A harness over ``kind``; for NATS, NATS_URL or an embedded server."""
    harness = BusHarness(kind, database_url, nats_server.nats_url() if kind == "nats" else None)
    try:
        yield harness
    finally:
        await harness.close()
