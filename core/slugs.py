"""URL slugs: made from names, checked, and made unique with -2, -3... suffixes."""

from __future__ import annotations

import re
import unicodedata
import uuid

MAX_SLUG = 120
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LIGATURES = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "&": " and ",
    }
)


def slugify(text: str, fallback: str = "item") -> str:
    """A URL-safe slug: accents dropped, lower case, words joined by '-' ('Café Crème' -> 'cafe-creme').

    A name with no letters or digits gives ``fallback``; a slug is never shaped like a UUID.
    """
    plain = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_SLUG].rstrip("-")
    if not slug:
        return fallback
    if is_uuid(slug):
        return f"{fallback}-{slug}"[:MAX_SLUG].rstrip("-")
    return slug


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
    return candidate


def slug_problem(value: str) -> str | None:
    """Why ``value`` is not a usable slug, or None when it is."""
    if not SLUG.match(value) or len(value) > MAX_SLUG:
        return f"use 1-{MAX_SLUG} lower-case letters, digits and single dashes"
    if is_uuid(value):
        return "a slug cannot look like an id"
    return None


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
