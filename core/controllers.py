"""Parameters, request bodies and conversions every domain's controllers share."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

import msgspec
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from core.bus import MessageBus
from core.paging import MAX_LIMIT

T = TypeVar("T")

Bus = NamedDependency[MessageBus]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Cursor = Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page")]


Instant = Annotated[
    datetime,
    msgspec.Meta(tz=True, description="ISO 8601 date and time with its offset: 2027-01-01T00:00:00Z"),
]


class Body(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of request bodies: unknown fields are refused, not ignored."""


def shaped(value: Any, shape: type[T]) -> T:
    """A reply from the bus as the HTTP shape ``shape`` (fields matched by name)."""
    return msgspec.convert(value, shape, from_attributes=True)


def message(body: msgspec.Struct, cls: type[T], **fields: Any) -> T:
    """A bus message from a request body plus ``fields`` (such as ids from the path); unset fields stay unset."""
    return msgspec.convert({**msgspec.to_builtins(body), **fields}, cls)
