"""Field rules shared by content and banners: each records what is wrong with a value."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from msgspec import UNSET

from core.errors import FieldError, Invalid

SLUG_LENGTH = 120
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class Problems:
    """Collects the field errors of one input so they are all reported at once."""

    def __init__(self) -> None:
        self.found: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.found.append(FieldError(field, message))

    def raise_any(self, detail: str) -> None:
        if self.found:
            raise Invalid(detail, errors=self.found)

    def text(self, field: str, value: str | None, *, limit: int, required: bool = False) -> str | None:
        """``value`` stripped (None when blank); records a missing or too long value."""
        cleaned = (value or "").strip() or None
        if cleaned is None and required:
            self.add(field, "is required")
        elif cleaned is not None and len(cleaned) > limit:
            self.add(field, f"is longer than {limit} characters")
        return cleaned

    def url(self, field: str, value: str | None, *, required: bool = False) -> str | None:
        """An http(s) URL or a site path starting with '/'."""
        cleaned = self.text(field, value, limit=2000, required=required)
        if cleaned is not None and not is_safe_url(cleaned):
            self.add(field, "must be an http(s) URL or a path starting with /")
        return cleaned

    def slug(self, value: str) -> str:
        if not value:
            self.add("slug", "is required: none can be made from the title")
        elif len(value) > SLUG_LENGTH or not _SLUG.fullmatch(value):
            self.add("slug", f"must be lowercase letters, digits and single hyphens, at most {SLUG_LENGTH}")
        return value


def is_safe_url(url: str) -> bool:
    if any(c.isspace() or c == "\\" or unicodedata.category(c) == "Cc" for c in url):
        return False
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return url.startswith("/") and not url.startswith("//")


def slugify(title: str) -> str:
    """A URL slug made of the title's letters and digits ("Summer Sale!" -> "summer-sale")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-")


def free_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is not taken."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[: SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def utc(moment: datetime) -> datetime:
    """An aware datetime in UTC (naive ones are taken to be UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def given(message: object, names: Sequence[str]) -> dict[str, Any]:
    """The named fields a message sets, UNSET ones left out."""
    return {name: getattr(message, name) for name in names if getattr(message, name) is not UNSET}
