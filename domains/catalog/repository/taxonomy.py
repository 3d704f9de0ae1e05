"""The category and brand stores on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import asyncpg
from piccolo.columns.combination import WhereRaw

from core.errors import Conflict, FieldError, Invalid
from core.paging import as_position
from domains.catalog.model.taxonomy import Brand, Category
from domains.catalog.tables import CatalogBrand, CatalogCategory

if TYPE_CHECKING:
    from domains.catalog.ports import Position

C, B = CatalogCategory, CatalogBrand
TREE_LOCK = 0x63617467  # any constant: the advisory lock of the category tree


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """A slug or path a concurrent writer took, or a parent it removed, as domain errors."""
    try:
        yield
    except asyncpg.UniqueViolationError:
        raise Conflict("the slug is already in use", errors=[FieldError("slug", "already in use")]) from None
    except asyncpg.ForeignKeyViolationError:
        raise Invalid(
            "the parent category is gone", errors=[FieldError("parent_id", "no such category")]
        ) from None


@contextlib.contextmanager
def in_use(what: str) -> Iterator[None]:
    """A delete refused because a concurrent writer just gave it a product or child."""
    try:
        yield
    except asyncpg.ForeignKeyViolationError:
        raise Conflict(f"the {what} is still in use") from None


def _category(row: dict[str, Any]) -> Category:
    return Category(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        description=row["description"],
        parent_id=row["parent_id"],
        path=row["path"],
        depth=row["depth"],
        position=row["position"],
    )


def _category_values(category: Category) -> dict[str, Any]:
    return {
        "slug": category.slug,
        "name": category.name,
        "description": category.description,
        "parent": category.parent_id,
        "path": category.path,
        "depth": category.depth,
        "position": category.position,
        "updated_at": datetime.now(UTC),
    }


class PgCategoryRepository:
    async def lock(self) -> None:
        await C.raw("SELECT pg_advisory_xact_lock({})", TREE_LOCK)

    async def get(self, category_id: UUID) -> Category | None:
        row = await C.select().where(C.id == category_id).first()
        return _category(row) if row else None

    async def get_by_slug(self, slug: str) -> Category | None:
        row = await C.select().where(C.slug == slug).first()
        return _category(row) if row else None

    async def all(self) -> list[Category]:
        return [_category(row) for row in await C.select().order_by(C.path)]

    async def trail(self, category_id: UUID) -> list[Category]:
        category = await self.get(category_id)
        if category is None:
            return []
        rows = await C.select().where(C.slug.is_in(category.path.split("/"))).order_by(C.depth)
        return [_category(row) for row in rows]

    async def descendants(self, category: Category) -> list[Category]:
        rows = await C.select().where(C.path.like(f"{category.path}/%")).order_by(C.path)
        return [_category(row) for row in rows]

    async def add(self, category: Category) -> None:
        with guarded():
            await C.insert(C(id=category.id, created_at=datetime.now(UTC), **_category_values(category)))

    async def save(self, *categories: Category) -> None:
        with guarded():
            for category in categories:
                values = {getattr(C, name): value for name, value in _category_values(category).items()}
                await C.update(values).where(C.id == category.id)

    async def delete(self, category: Category) -> None:
        with in_use("category"):
            await C.delete().where(C.id == category.id)

    async def slugs_taken(self, base: str) -> set[str]:
        rows = await C.select(C.slug).where((C.slug == base) | C.slug.like(f"{base}-%"))
        return {row["slug"] for row in rows}


def _brand(row: dict[str, Any]) -> Brand:
    return Brand(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        description=row["description"],
        logo_url=row["logo_url"],
    )


def _brand_values(brand: Brand) -> dict[str, Any]:
    return {
        "slug": brand.slug,
        "name": brand.name,
        "description": brand.description,
        "logo_url": brand.logo_url,
        "updated_at": datetime.now(UTC),
    }


class PgBrandRepository:
    async def get(self, brand_id: UUID) -> Brand | None:
        row = await B.select().where(B.id == brand_id).first()
        return _brand(row) if row else None

    async def get_by_slug(self, slug: str) -> Brand | None:
        row = await B.select().where(B.slug == slug).first()
        return _brand(row) if row else None

    async def get_many(self, brand_ids: Collection[UUID]) -> dict[UUID, Brand]:
        if not brand_ids:
            return {}
        return {row["id"]: _brand(row) for row in await B.select().where(B.id.is_in(list(brand_ids)))}

    async def page(self, limit: int, after: Position | None) -> tuple[list[Brand], Position | None]:
        query = B.select().order_by(B.name, B.id).limit(limit + 1)
        if after is not None:
            name, last_id = as_position(after, tuple[str, UUID])
            query = query.where(
                WhereRaw('("catalog_brand"."name", "catalog_brand"."id") > ({}, {})', name, last_id)
            )
        rows = await query
        brands = [_brand(row) for row in rows[:limit]]
        more = len(rows) > limit
        return brands, [brands[-1].name, str(brands[-1].id)] if more else None

    async def add(self, brand: Brand) -> None:
        with guarded():
            await B.insert(B(id=brand.id, created_at=datetime.now(UTC), **_brand_values(brand)))

    async def save(self, brand: Brand) -> None:
        values = {getattr(B, name): value for name, value in _brand_values(brand).items()}
        with guarded():
            await B.update(values).where(B.id == brand.id)

    async def delete(self, brand: Brand) -> None:
        with in_use("brand"):
            await B.delete().where(B.id == brand.id)

    async def slugs_taken(self, base: str) -> set[str]:
        rows = await B.select(B.slug).where((B.slug == base) | B.slug.like(f"{base}-%"))
        return {row["slug"] for row in rows}
