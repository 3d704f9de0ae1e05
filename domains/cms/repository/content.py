"""Pages and posts in PostgreSQL (Piccolo); inside ``async with runtime.uow()`` these queries join its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from asyncpg.exceptions import UniqueViolationError

from core.errors import Conflict, FieldError
from domains.cms.model.content import Content
from domains.cms.tables import CmsContent

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from piccolo.custom_types import Combinable

    from domains.cms.messages import Kind, Status
    from domains.cms.model import TimeAndId

FIELDS = (
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


def newer_than(created: Any, ident: Any, after: TimeAndId) -> Combinable:
    """Keyset condition for a (time DESC, id DESC) order."""
    moment, after_id = after
    return (created < moment) | ((created == moment) & (ident < after_id))


def _row(content: Content) -> dict[str, Any]:
    row = {name: getattr(content, name) for name in FIELDS}
    row["tags"] = list(row["tags"])
    return row


def _content(row: dict[str, Any]) -> Content:
    return Content(**{**row, "tags": tuple(row["tags"])})


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
        await self._unique_slug(content, CmsContent.insert(CmsContent(id=content.id, **_row(content))))

    async def save(self, content: Content) -> None:
        query = CmsContent.update(dict(_row(content).items())).where(CmsContent.id == content.id)
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

    async def remove(self, content_id: UUID) -> None:
        await CmsContent.delete().where(CmsContent.id == content_id)

    async def get(self, kind: Kind, content_id: UUID) -> Content | None:
        row = await CmsContent.select().where(CmsContent.id == content_id, CmsContent.kind == kind).first()
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
            conditions.append(newer_than(CmsContent.created_at, CmsContent.id, after))
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
            conditions.append(newer_than(CmsContent.publish_at, CmsContent.id, after))
        query = CmsContent.select().where(*conditions)
        rows = await query.order_by(CmsContent.publish_at, CmsContent.id, ascending=False).limit(limit)
        return [_content(row) for row in rows]

    async def list_listed(self, after: UUID | None, limit: int) -> list[Content]:
        conditions: list[Combinable] = [CmsContent.status.is_in(["published", "scheduled"])]
        if after is not None:
            conditions.append(CmsContent.id > after)
        rows = await CmsContent.select().where(*conditions).order_by(CmsContent.id).limit(limit)
        return [_content(row) for row in rows]
