"""What the cms handlers need from the world: storage of content and banners, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from uuid import UUID

    from core.uow import UnitOfWorkFactory
    from domains.cms.messages import Kind, Status
    from domains.cms.model import PriorityAndId, TimeAndId
    from domains.cms.model.banners import Banner
    from domains.cms.model.content import Content

Clock = Callable[[], datetime]


class ContentRepository(Protocol):
    """Pages and posts. "Live" means published, or scheduled with ``publish_at <= now``."""

    async def add(self, content: Content) -> None:
        """Store new content; Conflict naming ``slug`` when its kind already uses the slug."""
        ...

    async def save(self, content: Content) -> None:
        """Store every field of existing content; Conflict naming ``slug`` as for ``add``."""
        ...

    async def remove(self, content_id: UUID) -> None: ...

    async def get(self, kind: Kind, content_id: UUID) -> Content | None: ...

    async def slugs_like(self, kind: Kind, base: str) -> set[str]:
        """The slugs of ``kind`` equal to ``base`` or starting with ``base-``."""
        ...

    async def find_live(self, kind: Kind, slug: str, now: datetime) -> Content | None: ...

    async def list_newest(
        self, kind: Kind, status: Status | None, now: datetime, after: TimeAndId | None, limit: int
    ) -> list[Content]:
        """Newest created first (then id descending), after the (created_at, id) position;
        ``status`` is matched as of ``now``."""
        ...

    async def list_live_posts(
        self, tag: str | None, now: datetime, after: TimeAndId | None, limit: int
    ) -> list[Content]:
        """Live posts, latest ``publish_at`` first (then id descending), after (publish_at, id)."""
        ...

    async def list_listed(self, after: UUID | None, limit: int) -> list[Content]:
        """Published and scheduled pages and posts, by id ascending, after ``after``."""
        ...


class BannerRepository(Protocol):
    """Banners. "Live" means active with ``starts_at <= now < ends_at`` (open ends allowed)."""

    async def add(self, banner: Banner) -> None: ...

    async def save(self, banner: Banner) -> None: ...

    async def remove(self, banner_id: UUID) -> None: ...

    async def get(self, banner_id: UUID) -> Banner | None: ...

    async def list_newest(self, placement: str | None, after: TimeAndId | None, limit: int) -> list[Banner]:
        """Newest created first (then id descending), after the (created_at, id) position."""
        ...

    async def list_live(
        self, placement: str | None, now: datetime, after: PriorityAndId | None, limit: int
    ) -> list[Banner]:
        """Live banners, highest priority first (then id ascending), after (priority, id)."""
        ...


@dataclass(frozen=True)
class CmsDeps:
    """The second argument of every cms handler."""

    uow: UnitOfWorkFactory
    contents: ContentRepository
    banners: BannerRepository
    clock: Clock
