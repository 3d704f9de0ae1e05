"""Banners: a picture and a link shown in a placement during a window, by priority."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domains.cms.messages import BannerChanged, BannerCreated, BannerDeleted, BannerItem, BannerUpdated
from domains.cms.rules import Problems, utc

TITLE_LENGTH = 200
PRIORITY_RANGE = range(-1_000_000, 1_000_001)
EDITABLE = ("title", "image_url", "link_url", "placement", "starts_at", "ends_at", "priority", "active")
_PLACEMENT = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_EVENTS: dict[str, type[BannerChanged]] = {
    "created": BannerCreated,
    "updated": BannerUpdated,
    "deleted": BannerDeleted,
}


def checked(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The banner's fields cleaned; Invalid names every bad field."""
    problems = Problems()
    placement = (fields["placement"] or "").strip()
    if not _PLACEMENT.fullmatch(placement):
        problems.add("placement", "must be 1-64 lowercase letters, digits, '_' or '-' (e.g. home_hero)")
    if fields["priority"] not in PRIORITY_RANGE:
        problems.add("priority", f"must be between {PRIORITY_RANGE.start} and {PRIORITY_RANGE.stop - 1}")
    starts_at, ends_at = (None if t is None else utc(t) for t in (fields["starts_at"], fields["ends_at"]))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.add("ends_at", "must be after starts_at")
    values = {
        "title": problems.text("title", fields["title"], limit=TITLE_LENGTH, required=True),
        "image_url": problems.url("image_url", fields["image_url"], required=True),
        "link_url": problems.url("link_url", fields["link_url"]),
        "placement": placement,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "priority": fields["priority"],
        "active": bool(fields["active"]),
    }
    problems.raise_any("the banner has invalid fields")
    return values


@dataclass
class Banner:
    id: str
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
    events: list[BannerChanged] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def create(cls, *, id: str, fields: Mapping[str, Any], now: datetime) -> Banner:
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
