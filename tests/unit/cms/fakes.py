"""In-memory stand-ins for the cms ports, with the same rules as the PostgreSQL ones."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.errors import Conflict, FieldError
from domains.cms.model import PriorityAndId, TimeAndId
from domains.cms.model.banners import Banner
from domains.cms.model.content import Content
from domains.cms.ports import BannerRepository, CmsDeps, ContentRepository
from tests.support.fakes import Transactions

START = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _stored(entity: Any) -> Any:
    kept = copy.deepcopy(entity)
    kept.events = []
    return kept


class FakeClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class FakeContents(ContentRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Content] = {}

    def _check_slug(self, content: Content) -> None:
        if any(
            c.kind == content.kind and c.slug == content.slug and c.id != content.id
            for c in self.rows.values()
        ):
            raise Conflict("slug taken", errors=[FieldError("slug", "is already used")])

    async def add(self, content: Content) -> None:
        self._check_slug(content)
        self.rows[content.id] = _stored(content)

    async def save(self, content: Content) -> None:
        self._check_slug(content)
        self.rows[content.id] = _stored(content)

    async def remove(self, content_id: UUID) -> None:
        self.rows.pop(content_id, None)

    async def get(self, kind: str, content_id: UUID) -> Content | None:
        found = self.rows.get(content_id)
        return _stored(found) if found is not None and found.kind == kind else None

    async def slugs_like(self, kind: str, base: str) -> set[str]:
        return {
            c.slug
            for c in self.rows.values()
            if c.kind == kind and (c.slug == base or c.slug.startswith(f"{base}-"))
        }

    async def find_live(self, kind: str, slug: str, now: datetime) -> Content | None:
        found = [c for c in self.rows.values() if c.kind == kind and c.slug == slug and c.live_at(now)]
        return _stored(found[0]) if found else None

    async def list_newest(self, kind, status, now, after: TimeAndId | None, limit: int) -> list[Content]:
        found = [
            c for c in self.rows.values() if c.kind == kind and (status is None or c.status_at(now) == status)
        ]
        found.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        if after is not None:
            found = [c for c in found if (c.created_at, c.id) < after]
        return [_stored(c) for c in found[:limit]]

    async def list_live_posts(self, tag, now, after: TimeAndId | None, limit: int) -> list[Content]:
        found = [
            c
            for c in self.rows.values()
            if c.kind == "post" and c.live_at(now) and (tag is None or tag in c.tags)
        ]
        found.sort(key=lambda c: (c.publish_at, c.id), reverse=True)
        if after is not None:
            found = [c for c in found if (c.publish_at, c.id) < after]
        return [_stored(c) for c in found[:limit]]

    async def list_listed(self, after: UUID | None, limit: int) -> list[Content]:
        found = sorted(
            (c for c in self.rows.values() if c.status in ("published", "scheduled")), key=lambda c: c.id
        )
        return [_stored(c) for c in found if after is None or c.id > after][:limit]


class FakeBanners(BannerRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Banner] = {}

    async def add(self, banner: Banner) -> None:
        self.rows[banner.id] = _stored(banner)

    async def save(self, banner: Banner) -> None:
        self.rows[banner.id] = _stored(banner)

    async def remove(self, banner_id: UUID) -> None:
        self.rows.pop(banner_id, None)

    async def get(self, banner_id: UUID) -> Banner | None:
        found = self.rows.get(banner_id)
        return None if found is None else _stored(found)

    async def list_newest(self, placement: str | None, after: TimeAndId | None, limit: int) -> list[Banner]:
        found = [b for b in self.rows.values() if placement is None or b.placement == placement]
        found.sort(key=lambda b: (b.created_at, b.id), reverse=True)
        if after is not None:
            found = [b for b in found if (b.created_at, b.id) < after]
        return [_stored(b) for b in found[:limit]]

    async def list_live(self, placement, now, after: PriorityAndId | None, limit: int) -> list[Banner]:
        found = [
            b
            for b in self.rows.values()
            if b.live_at(now) and (placement is None or b.placement == placement)
        ]
        found.sort(key=lambda b: (-b.priority, b.id))
        if after is not None:
            found = [b for b in found if (-b.priority, b.id) > (-after[0], after[1])]
        return [_stored(b) for b in found[:limit]]


@dataclass
class World:
    """A cms wired to fakes: the deps handlers get, plus handles on each fake."""

    clock: FakeClock = field(default_factory=FakeClock)
    uow: Transactions = field(default_factory=Transactions)
    contents: FakeContents = field(default_factory=FakeContents)
    banners: FakeBanners = field(default_factory=FakeBanners)

    @property
    def deps(self) -> CmsDeps:
        return CmsDeps(uow=self.uow, contents=self.contents, banners=self.banners, clock=self.clock)
