"""Keyset positions behind the opaque cursors of the cms lists."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from core.errors import FieldError, Invalid
from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor, unknown_cursor

T = TypeVar("T")
INT32 = 2**31 - 1


def checked_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid("limit is out of range", errors=[FieldError("limit", f"must be 1 to {MAX_LIMIT}")])
    return limit


def _position(cursor: str | None, *types: type) -> list[Any] | None:
    """The decoded position, checked to hold values of ``types`` ending with a UUID."""
    position = decode_cursor(cursor)
    if position is None:
        return None
    if len(position) != len(types) or not all(
        isinstance(value, kind) and not isinstance(value, bool)
        for value, kind in zip(position, types, strict=True)
    ):
        raise unknown_cursor()
    try:
        uuid.UUID(position[-1])
    except ValueError:
        raise unknown_cursor() from None
    return position


def time_and_id(cursor: str | None) -> tuple[datetime, str] | None:
    position = _position(cursor, str, str)
    if position is None:
        return None
    try:
        moment = datetime.fromisoformat(position[0])
    except ValueError:
        raise unknown_cursor() from None
    if moment.tzinfo is None:
        raise unknown_cursor()
    return moment, position[1]


def priority_and_id(cursor: str | None) -> tuple[int, str] | None:
    position = _position(cursor, int, str)
    if position is None:
        return None
    if abs(position[0]) > INT32:
        raise unknown_cursor()
    return position[0], position[1]


def id_after(cursor: str | None) -> str | None:
    position = _position(cursor, str)
    return None if position is None else position[0]


def page_of(items: Sequence[T], limit: int, position: Callable[[T], list[Any]]) -> Page[T]:
    """The first ``limit`` items, and a cursor after the last when more were found."""
    if len(items) <= limit:
        return Page(items=list(items))
    kept = list(items[:limit])
    return Page(items=kept, next_cursor=encode_cursor(position(kept[-1])))
