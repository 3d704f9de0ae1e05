"""Message base types and the envelope that carries them between domains.

Every message is a frozen msgspec struct with a stable tag such as
``"catalog.CreateProduct"``: the part before the dot names the domain that
handles it (commands, queries) or that raised it (events).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import cache
from types import ModuleType
from typing import Any, ClassVar, Generic, TypeVar, get_args, get_origin

import msgspec

from core import context

R = TypeVar("R")


class Message(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """Base of every bus message. ``key_field`` names the field that keys its actor."""

    key_field: ClassVar[str | None] = None


class Command(Message, Generic[R], frozen=True, kw_only=True):
    """Asks one domain to change something; answered with a reply of type R."""


class Query(Message, Generic[R], frozen=True, kw_only=True):
    """Asks one domain for information; never changes state."""


class Event(Message, frozen=True, kw_only=True):
    """Says that something happened; delivered to every subscribing domain."""


class Envelope(msgspec.Struct, frozen=True, kw_only=True):
    """What travels on the wire and sits in the outbox."""

    id: str
    type: str
    key: str
    correlation_id: str
    causation_id: str | None = None
    occurred_at: datetime
    payload: msgspec.Raw


def tag_of(cls: type[Message]) -> str:
    tag = cls.__struct_config__.tag
    if not isinstance(tag, str):
        raise TypeError(f"{cls.__name__} needs an explicit string tag")
    return tag


def key_of(message: Message) -> str:
    field = type(message).key_field
    return "" if field is None else str(getattr(message, field))


@cache
def reply_type(cls: type[Message]) -> Any:
    """The R of ``Command[R]`` / ``Query[R]`` as declared by the message class."""
    for klass in cls.__mro__:
        for base in getattr(klass, "__orig_bases__", ()):
            if get_origin(base) in (Command, Query):
                return get_args(base)[0]
    return None


_encoder = msgspec.json.Encoder()


def encode(value: Any) -> bytes:
    return _encoder.encode(value)


def new_id() -> str:
    """A random (version 4) UUID as text: ``str(uuid.uuid4())`` without building a ``UUID``,
    which costs four times as much and is done for every message."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_NO_PAYLOAD = msgspec.Raw(b"null")


def wrap(
    message: Message, *, correlation_id: str, causation_id: str | None = None, encoded: bool = True
) -> Envelope:
    """An envelope for ``message``; ``encoded=False`` leaves the payload out (it never leaves memory)."""
    return Envelope(
        id=new_id(),
        type=tag_of(type(message)),
        key=key_of(message),
        correlation_id=correlation_id,
        causation_id=causation_id,
        occurred_at=datetime.now(UTC),
        payload=msgspec.Raw(_encoder.encode(message)) if encoded else _NO_PAYLOAD,
    )


def wrap_here(message: Message, *, encoded: bool = True) -> Envelope:
    """An envelope carrying the current correlation id, caused by the message being handled."""
    return wrap(
        message,
        correlation_id=context.correlation_id.get() or new_id(),
        causation_id=context.causation_id.get(),
        encoded=encoded,
    )


class MessageTypes:
    """Tag -> class lookup, filled from the domains' public messages."""

    def __init__(self) -> None:
        self._by_tag: dict[str, type[Message]] = {}

    def add(self, cls: type[Message]) -> None:
        self._by_tag[tag_of(cls)] = cls

    def decode(self, envelope: Envelope) -> Message:
        cls = self._by_tag.get(envelope.type)
        if cls is None:
            raise LookupError(f"unknown message type {envelope.type!r}")
        return msgspec.json.decode(envelope.payload, type=cls)


_envelope_decoder = msgspec.json.Decoder(Envelope)


def decode_envelope(data: bytes) -> Envelope:
    return _envelope_decoder.decode(data)


def declared_in(
    *modules: ModuleType,
) -> tuple[tuple[type[Command[Any]], ...], tuple[type[Query[Any]], ...], tuple[type[Event], ...]]:
    """The commands, queries and events of a messages package's modules, module by module."""
    parts = [declared(vars(module)) for module in modules]
    return (
        tuple(kind for commands, _, _ in parts for kind in commands),
        tuple(kind for _, queries, _ in parts for kind in queries),
        tuple(kind for _, _, events in parts for kind in events),
    )


def declared(
    namespace: dict[str, Any],
) -> tuple[tuple[type[Command[Any]], ...], tuple[type[Query[Any]], ...], tuple[type[Event], ...]]:
    """The commands, queries and events a domain's messages module defines, in definition order.

    ``COMMANDS, QUERIES, EVENTS = declared(globals())`` at the end of the module keeps its
    public contract listed without a hand-kept list that can go stale.
    """
    mine = [
        value
        for value in namespace.values()
        if isinstance(value, type)
        and issubclass(value, Message)
        and value.__module__ == namespace["__name__"]
        and isinstance(value.__struct_config__.tag, str)
    ]
    return (
        tuple(m for m in mine if issubclass(m, Command)),
        tuple(m for m in mine if issubclass(m, Query)),
        tuple(m for m in mine if issubclass(m, Event)),
    )
