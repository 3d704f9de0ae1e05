"""Cursor pagination: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar
from uuid import UUID

import msgspec

from core.errors import FieldError, Invalid

T = TypeVar("T")
AwareTime = Annotated[datetime, msgspec.Meta(tz=True)]
"""A position's time: with its offset, as every cursor this API gives out writes it."""
Whole = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
"""A position's integer key, within what a BIGINT column holds."""
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class Page(msgspec.Struct, Generic[T], frozen=True, kw_only=True):
    items: list[T]
    next_cursor: str | None = None


def unknown_cursor() -> Invalid:
    """The error for a cursor this API did not give out."""
    return Invalid("the cursor is not one this API gave", errors=[FieldError("cursor", "unknown cursor")])


def encode_cursor(position: list[Any]) -> str:
    """An opaque cursor for the position after the last item of a page."""
    return base64.urlsafe_b64encode(msgspec.json.encode(position)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        position = msgspec.json.decode(raw)
    except (binascii.Error, msgspec.DecodeError, ValueError):
        raise unknown_cursor() from None
    if not isinstance(position, list):
        raise unknown_cursor()
    return position


def as_position(position: list[Any], shape: Any) -> Any:
    """A decoded position as ``shape`` (a tuple type such as ``tuple[AwareTime, UUID]``), its times in
    UTC; a position this API did not give out, whatever its JSON holds, is the same 422."""
    try:
        found = msgspec.convert(position, shape)  # strict: a number is no time, a text no number
        return tuple(value.astimezone(UTC) if isinstance(value, datetime) else value for value in found)
    except (msgspec.ValidationError, OverflowError):  # OverflowError: past the year 9999 in UTC
        raise unknown_cursor() from None


def time_and_id(position: list[Any]) -> tuple[datetime, UUID]:
    """The (time, id) position of a list ordered by time then id, the most common kind."""
    found: tuple[datetime, UUID] = as_position(position, tuple[AwareTime, UUID])
    return found


def decode_time_and_id(cursor: str | None) -> tuple[datetime, UUID] | tuple[None, None]:
    """``cursor``'s (time, id) position; (None, None) without one."""
    position = decode_cursor(cursor)
    return (None, None) if position is None else time_and_id(position)
