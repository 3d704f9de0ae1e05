"""The message bus port and the dispatcher that runs this process's handlers.

Adapters (in-process, NATS) move envelopes; the dispatcher decides what runs:
the one handler of a command or query, inside the actor for its key, or every
subscriber of an event, each at most once thanks to the inbox.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import structlog

from core import context, tracing
from core.actors import Batch
from core.errors import NoHandler
from core.messages import Command, Envelope, Event, Message, MessageTypes, Query, tag_of
from core.metrics import handling

if TYPE_CHECKING:
    from core.actors import Actors
    from core.domain import BatchHandler, Domain, Handler
    from core.uow import UnitOfWorkFactory

R = TypeVar("R")
log = structlog.get_logger("mercato.bus")


@runtime_checkable
class MessageBus(Protocol):
    async def send(self, command: Command[R], *, timeout: float | None = None) -> R:
        """Deliver a command to the one domain that handles it; return its reply."""
        ...

    async def ask(self, query: Query[R], *, timeout: float | None = None) -> R:
        """Deliver a query to the one domain that answers it; return its reply."""
        ...

    async def publish(self, envelope: Envelope) -> None:
        """Deliver a committed event to every subscribing domain (the relay calls this)."""
        ...

    async def start(self) -> None: ...

    async def close(self) -> None: ...


@contextlib.contextmanager
def message_context(envelope: Envelope) -> Iterator[None]:
    """Handlers run with the correlation id of the message and cause = its id."""
    tokens = (
        context.correlation_id.set(envelope.correlation_id),
        context.causation_id.set(envelope.id),
    )
    with context.logged(correlation_id=envelope.correlation_id, message_type=envelope.type):
        try:
            yield
        finally:
            context.correlation_id.reset(tokens[0])
            context.causation_id.reset(tokens[1])


class Subscriber:
    def __init__(self, domain: str, handler: Handler) -> None:
        self.domain = domain
        self.handler = handler
        self.consumer = f"{domain}.{handler.__name__}"


class Dispatcher:
    """Runs the handlers of the domains hosted by this process."""

    def __init__(
        self,
        domains: Sequence[Domain],
        *,
        actors: Actors,
        uow: UnitOfWorkFactory,
        types: MessageTypes,
    ) -> None:
        self.types = types
        self._actors = actors
        self._uow = uow
        self._deps: dict[str, Any] = {}
        self._handlers: dict[str, tuple[str, Handler]] = {}
        self._batch_handlers: dict[str, BatchHandler] = {}
        self._subscribers: dict[str, list[Subscriber]] = defaultdict(list)
        for domain in domains:
            for cls in domain.messages:
                types.add(cls)
            for cls, handler in domain.handlers.items():
                types.add(cls)
                self._handlers[tag_of(cls)] = (domain.name, handler)
            for cls, batch_handler in domain.batch_handlers.items():
                self._batch_handlers[tag_of(cls)] = batch_handler
            for event_cls, handlers in domain.subscriptions.items():
                types.add(event_cls)
                for handler in handlers:
                    self._subscribers[tag_of(event_cls)].append(Subscriber(domain.name, handler))

    def provide(self, domain: str, deps: Any) -> None:
        self._deps[domain] = deps

    def domains_for(self, event_type: str) -> set[str]:
        """The hosted domains that subscribe to ``event_type``."""
        return {s.domain for s in self._subscribers.get(event_type, ())}

    def handled_types(self) -> list[str]:
        return sorted(self._handlers)

    def subscribing_domains(self) -> dict[str, list[str]]:
        """Domain -> event types it subscribes to."""
        found: dict[str, list[str]] = defaultdict(list)
        for event_type, subscribers in self._subscribers.items():
            for domain in {s.domain for s in subscribers}:
                found[domain].append(event_type)
        return dict(found)

    async def handle(self, message: Message, envelope: Envelope) -> Any:
        """Run the handler of a command or query in the actor for its key."""
        found = self._handlers.get(envelope.type)
        if found is None:
            raise NoHandler(f"no handler for {envelope.type}")
        domain, handler = found
        deps = self._deps.get(domain)
        parent = tracing.current()  # the actor runs the work in its own context

        async def work() -> Any:
            with message_context(envelope), handling(envelope, parent):
                return await handler(message, deps)

        return await self._actors.call(
            domain, envelope.key, work, self._batch(envelope, message, deps, parent)
        )

    def _batch(self, envelope: Envelope, message: Message, deps: Any, parent: Any = None) -> Batch | None:
        """How ``message`` may run together with others of its type queued in the same actor."""
        batch_handler = self._batch_handlers.get(envelope.type)
        if batch_handler is None:
            return None

        async def run_all(items: list[tuple[Message, Envelope]]) -> list[Any]:
            first = items[0][1]  # the batch's events are caused by its first message
            with message_context(first), handling(first, parent, count=len(items)):
                return await batch_handler([m for m, _ in items], deps)

        return Batch(group=envelope.type, item=(message, envelope), run_all=run_all)

    async def deliver(self, domain: str, envelope: Envelope, event: Event) -> None:
        """Run ``domain``'s subscribers of ``event`` (decoded from ``envelope``), each once per event id."""
        for subscriber in self._subscribers.get(envelope.type, ()):
            if subscriber.domain == domain:
                await self._deliver_once(subscriber, envelope, event)

    async def _deliver_once(self, subscriber: Subscriber, envelope: Envelope, event: Any) -> None:
        deps = self._deps.get(subscriber.domain)
        parent = tracing.current()

        async def work() -> None:
            with message_context(envelope), handling(envelope, parent, consumer=subscriber.consumer):
                async with self._uow() as uow:
                    if not await uow.claim(subscriber.consumer, envelope.id):
                        log.debug("duplicate skipped", consumer=subscriber.consumer, id=envelope.id)
                        return
                    await subscriber.handler(event, deps)
                    await uow.commit()

        await self._actors.call(subscriber.domain, envelope.key, work)


__all__ = ["Dispatcher", "MessageBus", "Subscriber", "message_context"]
