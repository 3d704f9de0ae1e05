"""The PostgreSQL (Piccolo) implementation of the cms repositories.

Inside ``async with runtime.uow()`` these queries join its transaction.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from asyncpg.exceptions import UniqueViolationError

from core.errors import Conflict, FieldError
from domains.cms.banner import Banner
from domains.cms.model import Content
from domains.cms.tables import CmsBanner, CmsContent

if TYPE_CHECKING:
    from piccolo.columns import Column
    from piccolo.custom_types import Combinable

    from domains.cms.messages import Kind, Status
    from domains.cms.ports import PriorityAndId, TimeAndId

CONTENT_FIELDS = (
    "kind",
    "slug",
    "title",
    "body",
    "body_format",
    "body_html",
    "body_text",
    "seo_title",
    "seo_description",
    "author",
    "tags",
    "status",
    "publish_at",
    "created_at",
    "updated_at",
)
BANNER_FIELDS = (
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


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _row(entity: Content | Banner, fields: tuple[str, ...]) -> dict[str, Any]:
    row = {name: getattr(entity, name) for name in fields}
    if "tags" in row:
        row["tags"] = list(row["tags"])
    return row


def _changes(entity: Content | Banner, fields: tuple[str, ...]) -> dict[Column | str, Any]:
    return dict(_row(entity, fields).items())


def _content(row: dict[str, Any]) -> Content:
    return Content(**{**row, "id": str(row["id"]), "tags": tuple(row["tags"])})


def _banner(row: dict[str, Any]) -> Banner:
    return Banner(**{**row, "id": str(row["id"])})


def _newer_than(created: Any, ident: Any, after: TimeAndId) -> Combinable:
    """Keyset condition for a (time DESC, id DESC) order."""
    moment, after_id = after
    return (created < moment) | ((created == moment) & (ident < uuid.UUID(after_id)))


def _live(now: datetime) -> Combinable:
    return CmsContent.status.is_in(["published", "scheduled"]) & (CmsContent.publish_at <= now)


def _status_now(status: Status, now: datetime) -> Combinable:
    if status == "published":
        return _live(now)
    if status == "scheduled":
        return (CmsContent.status == "scheduled") & (CmsContent.publish_at > now)
    return CmsContent.status == status


class PgContentRepository:
    async def add(self, content: Content) -> None:
        row = CmsContent(id=uuid.UUID(content.id), **_row(content, CONTENT_FIELDS))
        await self._unique_slug(content, CmsContent.insert(row))

    async def save(self, content: Content) -> None:
        query = CmsContent.update(_changes(content, CONTENT_FIELDS)).where(
            CmsContent.id == uuid.UUID(content.id)
        )
        await self._unique_slug(content, query)

    @staticmethod
    async def _unique_slug(content: Content, query: Any) -> None:
        try:
            await query
        except UniqueViolationError:
            raise Conflict(
                f"another {content.kind} has the slug {content.slug!r}",
                errors=[FieldError("slug", "is already used")],
            ) from None

    async def remove(self, content_id: str) -> None:
        await CmsContent.delete().where(CmsContent.id == uuid.UUID(content_id))

    async def get(self, kind: Kind, content_id: str) -> Content | None:
        ident = _uuid(content_id)
        if ident is None:
            return None
        row = await CmsContent.select().where(CmsContent.id == ident, CmsContent.kind == kind).first()
        return None if row is None else _content(row)

    async def slugs_like(self, kind: Kind, base: str) -> set[str]:
        rows = await CmsContent.select(CmsContent.slug).where(
            CmsContent.kind == kind, (CmsContent.slug == base) | CmsContent.slug.like(f"{base}-%")
        )
        return {row["slug"] for row in rows}

    async def find_live(self, kind: Kind, slug: str, now: datetime) -> Content | None:
        row = (
            await CmsContent.select()
            .where(CmsContent.kind == kind, CmsContent.slug == slug, _live(now))
            .first()
        )
        return None if row is None else _content(row)

    async def list_newest(
        self, kind: Kind, status: Status | None, now: datetime, after: TimeAndId | None, limit: int
    ) -> list[Content]:
        conditions: list[Combinable] = [CmsContent.kind == kind]
        if status is not None:
            conditions.append(_status_now(status, now))
        if after is not None:
            conditions.append(_newer_than(CmsContent.created_at, CmsContent.id, after))
        query = CmsContent.select().where(*conditions)
        rows = await query.order_by(CmsContent.created_at, CmsContent.id, ascending=False).limit(limit)
        return [_content(row) for row in rows]

    async def list_live_posts(
        self, tag: str | None, now: datetime, after: TimeAndId | None, limit: int
    ) -> list[Content]:
        conditions: list[Combinable] = [CmsContent.kind == "post", _live(now)]
        if tag is not None:
            conditions.append(CmsContent.tags.any(tag))
        if after is not None:
            conditions.append(_newer_than(CmsContent.publish_at, CmsContent.id, after))
        query = CmsContent.select().where(*conditions)
        rows = await query.order_by(CmsContent.publish_at, CmsContent.id, ascending=False).limit(limit)
        return [_content(row) for row in rows]

    async def list_listed(self, after: str | None, limit: int) -> list[Content]:
        conditions: list[Combinable] = [CmsContent.status.is_in(["published", "scheduled"])]
        if after is not None:
            conditions.append(CmsContent.id > uuid.UUID(after))
        rows = await CmsContent.select().where(*conditions).order_by(CmsContent.id).limit(limit)
        return [_content(row) for row in rows]


class PgBannerRepository:
    async def add(self, banner: Banner) -> None:
        await CmsBanner.insert(CmsBanner(id=uuid.UUID(banner.id), **_row(banner, BANNER_FIELDS)))

    async def save(self, banner: Banner) -> None:
        await CmsBanner.update(_changes(banner, BANNER_FIELDS)).where(CmsBanner.id == uuid.UUID(banner.id))

    async def remove(self, banner_id: str) -> None:
        await CmsBanner.delete().where(CmsBanner.id == uuid.UUID(banner_id))

    async def get(self, banner_id: str) -> Banner | None:
        ident = _uuid(banner_id)
        if ident is None:
            return None
        row = await CmsBanner.select().where(CmsBanner.id == ident).first()
        return None if row is None else _banner(row)

    async def list_newest(self, placement: str | None, after: TimeAndId | None, limit: int) -> list[Banner]:
        conditions: list[Combinable] = []
        if placement is not None:
            conditions.append(CmsBanner.placement == placement)
        if after is not None:
            conditions.append(_newer_than(CmsBanner.created_at, CmsBanner.id, after))
        query = CmsBanner.select().where(*conditions)
        rows = await query.order_by(CmsBanner.created_at, CmsBanner.id, ascending=False).limit(limit)
        return [_banner(row) for row in rows]

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
                | ((CmsBanner.priority == priority) & (CmsBanner.id > uuid.UUID(after_id)))
            )
        query = CmsBanner.select().where(*conditions).order_by(CmsBanner.priority, ascending=False)
        rows = await query.order_by(CmsBanner.id).limit(limit)
        return [_banner(row) for row in rows]
