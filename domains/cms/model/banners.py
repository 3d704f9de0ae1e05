"""Banners: a picture and a link shown in a placement during a window, by priority."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from uuid import UUID

from core.validation import Findings
from domains.cms.messages import (
    BANNER_TITLE_LENGTH,
    HIGHEST_PRIORITY,
    LOWEST_PRIORITY,
    PLACEMENT,
    URL_LENGTH,
    BannerChanged,
    BannerCreated,
    BannerDeleted,
    BannerItem,
    BannerUpdated,
)

if TYPE_CHECKING:
    from core.messages import Event

PRIORITY_RANGE = range(LOWEST_PRIORITY, HIGHEST_PRIORITY + 1)
EDITABLE = ("title", "image_url", "link_url", "placement", "starts_at", "ends_at", "priority", "active")
_PLACEMENT = re.compile(PLACEMENT)
_EVENTS: dict[str, type[BannerChanged]] = {
    "created": BannerCreated,
    "updated": BannerUpdated,
    "deleted": BannerDeleted,
}


def is_safe_url(url: str) -> bool:
    """An http(s) URL with a host, or a site path starting with one '/'; nothing that hides a scheme."""
    if any(c.isspace() or c == "\\" or unicodedata.category(c) == "Cc" for c in url):
        return False
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return url.startswith("/") and not url.startswith("//")


def _url(found: Findings, value: str | None, field: str, *, required: bool) -> str | None:
    cleaned = found.text(value, field, longest=URL_LENGTH, required=required) or None
    if cleaned is not None and not is_safe_url(cleaned):
        found.add(field, "must be an http(s) URL or a path starting with /")
    return cleaned


def checked(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The banner's fields cleaned; Invalid names every bad field."""
    found = Findings()
    placement = (fields["placement"] or "").strip()
    if not _PLACEMENT.fullmatch(placement):
        found.add("placement", "must be 1-64 lowercase letters, digits, '_' or '-' (e.g. home_hero)")
    if fields["priority"] not in PRIORITY_RANGE:
        found.add("priority", f"must be between {PRIORITY_RANGE.start} and {PRIORITY_RANGE.stop - 1}")
    starts_at, ends_at = (
        None if fields[name] is None else found.moment(fields[name], name)
        for name in ("starts_at", "ends_at")
    )
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        found.add("ends_at", "must be after starts_at")
    values = {
        "title": found.text(fields["title"], "title", longest=BANNER_TITLE_LENGTH),
        "image_url": _url(found, fields["image_url"], "image_url", required=True),
        "link_url": _url(found, fields["link_url"], "link_url", required=False),
        "placement": placement,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "priority": fields["priority"],
        "active": bool(fields["active"]),
    }
    found.raise_any("the banner has invalid fields")
    return values


@dataclass
class Banner:
    """A banner. Changes append the events they cause to ``events``."""

    id: UUID
    title: str
    image_url: str
    link_url: str | None
    placement: str
    starts_at: datetime | None
    ends_at: datetime | None
    priority: int
    active: bool
    created_at: datetime
    updated_at: datetime
    events: list[Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, *, id: UUID, fields: Mapping[str, Any], now: datetime) -> Banner:
        banner = cls(id=id, **checked(fields), created_at=now, updated_at=now)
        banner._record("created")
        return banner

    def edit(self, changes: Mapping[str, Any], now: datetime) -> None:
        current = {name: getattr(self, name) for name in EDITABLE}
        for name, value in checked({**current, **changes}).items():
            setattr(self, name, value)
        self.updated_at = now
        self._record("updated")

    def delete(self) -> None:
        self._record("deleted")

    def live_at(self, now: datetime) -> bool:
        """Active, started (or no start) and not yet ended (or no end)."""
        return (
            self.active
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or now < self.ends_at)
        )

    def _record(self, change: str) -> None:
        self.events.append(_EVENTS[change](id=self.id, banner=self.view()))

    def view(self) -> BannerItem:
        return BannerItem(
            id=self.id,
            title=self.title,
            image_url=self.image_url,
            link_url=self.link_url,
            placement=self.placement,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            priority=self.priority,
            active=self.active,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )
