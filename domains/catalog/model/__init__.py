"""The catalogue's model, by aggregate: products and their variants (``products``, ``variants``),
categories and brands (``taxonomy``). Here: the field checks they share. No I/O.

Each check records a ``core.validation.Findings`` error naming the field and
returns the cleaned value, so one request reports every bad field at once.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3

if TYPE_CHECKING:
    from core.validation import Findings

URL_LENGTH = 2000
RICH_TEXT_LENGTH = 20_000
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'"})


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
