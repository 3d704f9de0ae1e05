"""Banners in PostgreSQL (Piccolo); inside ``async with runtime.uow()`` these queries join its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domains.cms.model.banners import Banner
from domains.cms.repository.content import newer_than
from domains.cms.tables import CmsBanner

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from piccolo.custom_types import Combinable

    from domains.cms.model import PriorityAndId, TimeAndId

FIELDS = (
    "title",
    "image_url",
    "link_url",
    "placement",
    "starts_at",
    "ends_at",
    "priority",
    "active",
    "created_at",
    "updated_at",
)


def _row(banner: Banner) -> dict[str, Any]:
    return {name: getattr(banner, name) for name in FIELDS}


class PgBannerRepository:
    async def add(self, banner: Banner) -> None:
        await CmsBanner.insert(CmsBanner(id=banner.id, **_row(banner)))

    async def save(self, banner: Banner) -> None:
        await CmsBanner.update(dict(_row(banner).items())).where(CmsBanner.id == banner.id)

    async def remove(self, banner_id: UUID) -> None:
        await CmsBanner.delete().where(CmsBanner.id == banner_id)

    async def get(self, banner_id: UUID) -> Banner | None:
        row = await CmsBanner.select().where(CmsBanner.id == banner_id).first()
        return None if row is None else Banner(**row)

    async def list_newest(self, placement: str | None, after: TimeAndId | None, limit: int) -> list[Banner]:
        conditions: list[Combinable] = []
        if placement is not None:
            conditions.append(CmsBanner.placement == placement)
        if after is not None:
            conditions.append(newer_than(CmsBanner.created_at, CmsBanner.id, after))
        query = CmsBanner.select().where(*conditions)
        rows = await query.order_by(CmsBanner.created_at, CmsBanner.id, ascending=False).limit(limit)
        return [Banner(**row) for row in rows]

    async def list_live(
        self, placement: str | None, now: datetime, after: PriorityAndId | None, limit: int
    ) -> list[Banner]:
        conditions: list[Combinable] = [
            CmsBanner.active == True,  # noqa: E712 - a Piccolo condition, not a comparison
            CmsBanner.starts_at.is_null() | (CmsBanner.starts_at <= now),
            CmsBanner.ends_at.is_null() | (CmsBanner.ends_at > now),
        ]
        if placement is not None:
            conditions.append(CmsBanner.placement == placement)
        if after is not None:
            priority, after_id = after
            conditions.append(
                (CmsBanner.priority < priority)
                | ((CmsBanner.priority == priority) & (CmsBanner.id > after_id))
            )
        query = CmsBanner.select().where(*conditions).order_by(CmsBanner.priority, ascending=False)
        rows = await query.order_by(CmsBanner.id).limit(limit)
        return [Banner(**row) for row in rows]
