"""Cursor pagination: ``?limit=&cursor=`` in, ``{items, next_cursor}`` out."""

from __future__ import annotations

import base64
import binascii
from typing import Any, Generic, TypeVar

import msgspec

from core.errors import FieldError, Invalid

T = TypeVar("T")
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
