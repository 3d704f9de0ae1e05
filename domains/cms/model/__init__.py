"""The CMS's model, by aggregate: ``content`` (pages and posts), ``banners``, and the
``markup`` of bodies; here, what both share: times, changed fields and list positions. No I/O.

A list position is the keyset after the last item of a page, carried by a
``core.paging`` cursor and checked here, so a forged cursor is a 422 naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from msgspec import UNSET

from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor, unknown_cursor
from core.validation import Findings

T = TypeVar("T")
INT32 = 2**31 - 1
TimeAndId = tuple[datetime, UUID]
PriorityAndId = tuple[int, UUID]


def utc(moment: datetime) -> datetime:
    """An aware datetime in UTC (naive ones are taken to be UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def given(message: object, names: Sequence[str]) -> dict[str, Any]:
    """The named fields a message sets, UNSET ones left out."""
    return {name: getattr(message, name) for name in names if getattr(message, name) is not UNSET}


def checked_limit(limit: int) -> int:
    found = Findings()
    if not 1 <= limit <= MAX_LIMIT:
        found.add("limit", f"must be 1 to {MAX_LIMIT}")
    found.raise_any("limit is out of range")
    return limit


def _position(cursor: str | None, *types: type) -> list[Any] | None:
    """The decoded position, checked to hold values of ``types`` followed by an id."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    if len(position) != len(types) + 1 or not all(
        isinstance(value, kind) and not isinstance(value, bool)
        for value, kind in zip(position, (*types, str), strict=True)
    ):
        raise unknown_cursor()
    try:
        position[-1] = UUID(position[-1])
    except ValueError:
        raise unknown_cursor() from None
    return position


def time_and_id(cursor: str | None) -> TimeAndId | None:
    position = _position(cursor, str)
    if position is None:
        return None
    try:
        moment = datetime.fromisoformat(position[0])
        if moment.tzinfo is None:
            raise unknown_cursor()
        return utc(moment), position[1]
    except (ValueError, OverflowError):  # past the year 9999 in UTC, which no column holds
        raise unknown_cursor() from None


def priority_and_id(cursor: str | None) -> PriorityAndId | None:
    position = _position(cursor, int)
    if position is None:
        return None
    if abs(position[0]) > INT32:
        raise unknown_cursor()
    return position[0], position[1]


def id_after(cursor: str | None) -> UUID | None:
    position = _position(cursor)
    return None if position is None else position[0]


def page_of(items: Sequence[T], limit: int, position: Callable[[T], list[Any]]) -> Page[T]:
    """The first ``limit`` items, and a cursor after the last when more were found."""
    if len(items) <= limit:
        return Page(items=list(items))
    kept = list(items[:limit])
    return Page(items=kept, next_cursor=encode_cursor(position(kept[-1])))
