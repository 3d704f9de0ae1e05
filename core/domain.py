"""How a domain registers itself with the runtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.messages import Event, Message
    from core.security import TokenCodec
    from core.uow import UnitOfWorkFactory

Handler = Callable[[Any, Any], Awaitable[Any]]
# Handles several messages of one type and key at once: a result or an exception for each, in order.
BatchHandler = Callable[[list[Any], Any], Awaitable[list[Any]]]


@dataclass(frozen=True)
class Runtime:
    """What the composition root hands each domain to build its dependencies.

    ``ports`` holds the adapters the settings chose, by port name (e.g. "search.index").
    """

    bus: MessageBus
    uow: UnitOfWorkFactory
    tokens: TokenCodec
    settings: Any
    ports: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Domain:
    """A business capability: its messages, handlers, subscriptions and routes.

    ``bootstrap`` builds the object passed as the second argument to every
    handler (its ports wired to adapters). ``tables`` are its Piccolo tables;
    ``migrations`` the Piccolo app config module that owns them. ``workers`` are
    long-running coroutines (sweepers, recovery loops) given the domain's deps,
    started once the bus is up and cancelled at shutdown. ``batch_handlers`` (optional,
    for commands of a hot key) take the messages of one type queued together in one
    actor and answer each, e.g. in one transaction.
    """

    name: str
    messages: Sequence[type[Message]] = ()
    handlers: Mapping[type[Message], Handler] = field(default_factory=dict)
    batch_handlers: Mapping[type[Message], BatchHandler] = field(default_factory=dict)
    subscriptions: Mapping[type[Event], Sequence[Handler]] = field(default_factory=dict)
    routes: Sequence[Any] = ()
    tables: Sequence[type] = ()
    bootstrap: Callable[[Runtime], Any] = lambda runtime: runtime
    on_start: Callable[[Any], Awaitable[None]] | None = None
    workers: Sequence[Callable[[Any], Coroutine[Any, Any, None]]] = ()
    cli: Sequence[Any] = ()
