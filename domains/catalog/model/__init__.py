"""The catalogue's model, by aggregate: products and their variants (``products``, ``variants``),
categories and brands (``taxonomy``). Here: the field checks they share, and how a page position
comes back from a cursor. No I/O.

Each check records a ``core.validation.Findings`` error naming the field and
returns the cleaned value, so one request reports every bad field at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from uuid import UUID

import nh3

from core.paging import unknown_cursor

if TYPE_CHECKING:
    from core.validation import Findings

URL_LENGTH = 2000
RICH_TEXT_LENGTH = 20_000
BIGINT = 2**63 - 1
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})
Reader = Callable[[Any], Any]


def fold(text: str) -> str:
    """Text for accent- and case-blind matching and sorting: 'Café' -> 'cafe', 'L\u2019Oréal' -> "l'oreal".
    Typographic apostrophes become the ASCII one and invisible format characters (zero-width
    space, soft hyphen) go, as in search, so what a keyboard types matches what staff wrote."""
    decomposed = unicodedata.normalize("NFKD", text).translate(APOSTROPHES)
    kept = (c for c in decomposed if not unicodedata.combining(c) and unicodedata.category(c) != "Cf")
    return "".join(kept).casefold()


def rich_text(value: str, found: Findings, field: str, *, longest: int = RICH_TEXT_LENGTH) -> str:
    """HTML from the staff editor, with scripts and unsafe markup removed."""
    return found.text(nh3.clean(value), field, longest=longest, required=False)


def url(value: str, found: Findings, field: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > URL_LENGTH:
        found.add(field, f"must be an http(s) URL of at most {URL_LENGTH} characters")
    return value


def text(value: Any) -> str:
    """A position's text key, as the cursor carried it."""
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def whole(value: Any) -> int:
    """A position's integer key, within what a BIGINT column holds."""
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > BIGINT:
        raise TypeError("not an integer")
    return value


def moment(value: Any) -> datetime:
    """A position's timestamp key: ISO 8601 with its offset, as positions are written, in UTC
    (so one past the year 9999 there is refused here, not by the database)."""
    found = datetime.fromisoformat(text(value))
    if found.tzinfo is None:
        raise ValueError("a timestamp without an offset")
    return found.astimezone(UTC)


def identifier(value: Any) -> UUID:
    return UUID(text(value))


def keyset(position: list[Any], *readers: Reader) -> list[Any]:
    """A page position read back value by value; one of another length or with a value its reader
    refuses was not given by this API (a forged or foreign cursor), so it is a 422 naming the cursor."""
    if len(position) != len(readers):
        raise unknown_cursor()
    try:
        return [read(value) for read, value in zip(readers, position, strict=True)]
    except (TypeError, ValueError, OverflowError):
        raise unknown_cursor() from None
