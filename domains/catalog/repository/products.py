"""The product store on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any
from uuid import UUID

import asyncpg

from core.errors import Conflict, FieldError, Invalid
from core.money import Money
from domains.catalog.model import fold
from domains.catalog.model.products import Product
from domains.catalog.model.variants import Variant
from domains.catalog.repository import listing
from domains.catalog.tables import CatalogProduct, CatalogVariant

if TYPE_CHECKING:
    from domains.catalog.messages import ProductSummary, Sort, Status, VariantFacts
    from domains.catalog.ports import Position, ProductFilter

P, V = CatalogProduct, CatalogVariant
CHUNK = 500  # rows per INSERT, far below PostgreSQL's 32767 parameters
CONSTRAINT_FIELDS = {
    "catalog_product_slug_key": "slug",
    "catalog_variant_sku_key": "sku",
    "catalog_product_pkey": "product_id",
    "catalog_product_brand_id_fkey": "brand_id",
    "catalog_product_category_id_fkey": "category_id",
}


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Constraint violations that a concurrent writer can cause, as domain errors."""
    try:
        yield
    except asyncpg.UniqueViolationError as exc:
        field = CONSTRAINT_FIELDS.get(exc.constraint_name or "", "id")
        raise Conflict(f"{field} is already in use", errors=[FieldError(field, "already in use")]) from None
    except asyncpg.ForeignKeyViolationError as exc:
        field = CONSTRAINT_FIELDS.get(exc.constraint_name or "", "id")
        raise Invalid(f"{field} refers to nothing", errors=[FieldError(field, "no such record")]) from None


def _product_row(product: Product) -> dict[str, Any]:
    low, high = product.price_min, product.price_max
    return {
        "slug": product.slug,
        "name": product.name,
        "folded_name": fold(product.name)[:200],
        "description": product.description,
        "status": product.status,
        "brand": product.brand_id,
        "category": product.category_id,
        "images": product.images,
        "attributes": product.attributes,
        "price_min": low.amount if low else 0,
        "price_max": high.amount if high else 0,
        "currency": product.currency,
        "in_stock": product.in_stock,
        "updated_at": product.updated_at,
        "published_at": product.published_at,
        "archived_at": product.archived_at,
    }


def _variant_rows(product: Product) -> list[CatalogVariant]:
    return [
        V(
            id=v.id,
            product=product.id,
            sku=v.sku,
            options=v.options,
            price_amount=v.price.amount,
            currency=v.price.currency,
            weight_grams=v.weight_grams,
            available=v.available,
            position=i,
        )
        for i, v in enumerate(product.variants)
    ]


def _variant(row: dict[str, Any]) -> Variant:
    return Variant(
        id=row["id"],
        sku=row["sku"],
        price=Money(amount=row["price_amount"], currency=row["currency"]),
        options=row["options"],
        weight_grams=row["weight_grams"],
        available=row["available"],
    )


def _product(row: dict[str, Any], variants: list[Variant]) -> Product:
    return Product(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        description=row["description"],
        status=row["status"],
        brand_id=row["brand_id"],
        category_id=row["category_id"],
        images=list(row["images"]),
        attributes=row["attributes"],
        variants=variants,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        published_at=row["published_at"],
        archived_at=row["archived_at"],
        version=row["version"],
    )


class PgProductRepository:
    async def get(self, product_id: UUID) -> Product | None:
        return await self._one(P.id == product_id)

    async def get_by_slug(self, slug: str) -> Product | None:
        return await self._one(P.slug == slug)

    async def get_by_sku(self, sku: str) -> Product | None:
        owner = await V.select(V.product).where(V.sku == sku).first()
        return await self.get(owner["product_id"]) if owner else None

    async def _one(self, where: Any) -> Product | None:
        rows = await P.select().where(where).output(load_json=True)
        found = await self._with_variants(rows)
        return found[0] if found else None

    async def _with_variants(self, rows: list[dict[str, Any]]) -> list[Product]:
        if not rows:
            return []
        variants: dict[UUID, list[Variant]] = defaultdict(list)
        ids = [row["id"] for row in rows]
        query = V.select().where(V.product.is_in(ids)).order_by(V.product, V.position).output(load_json=True)
        for row in await query:
            variants[row["product_id"]].append(_variant(row))
        return [_product(row, variants[row["id"]]) for row in rows]

    async def add(self, *products: Product) -> None:
        product_rows = [P(id=p.id, created_at=p.created_at, **_product_row(p)) for p in products]
        variant_rows = [row for p in products for row in _variant_rows(p)]
        with guarded():
            for start in range(0, len(product_rows), CHUNK):
                await P.insert(*product_rows[start : start + CHUNK])
            for start in range(0, len(variant_rows), CHUNK):
                await V.insert(*variant_rows[start : start + CHUNK])
        for product in products:
            product.version = 1

    async def save(self, product: Product) -> None:
        values = {getattr(P, name): value for name, value in _product_row(product).items()}
        values[P.version] = product.version + 1
        with guarded():
            updated = (
                await P.update(values)
                .where((P.id == product.id) & (P.version == product.version))
                .returning(P.id)
            )
            if not updated:
                raise Conflict("the product changed meanwhile; read it again and retry")
            await self._save_variants(product)
        product.version += 1

    async def _save_variants(self, product: Product) -> None:
        kept = [v.id for v in product.variants]
        gone = V.product == product.id
        await V.delete().where(gone & V.id.not_in(kept) if kept else gone)
        if kept:
            changed = [V.sku, V.options, V.price_amount, V.currency, V.weight_grams, V.available, V.position]
            await V.insert(*_variant_rows(product)).on_conflict(
                target=V.id, action="DO UPDATE", values=changed
            )

    async def delete(self, product: Product) -> None:
        deleted = (
            await P.delete().where((P.id == product.id) & (P.version == product.version)).returning(P.id)
        )
        if not deleted:
            raise Conflict("the product changed meanwhile; read it again and retry")

    async def slugs_taken(self, base: str) -> set[str]:
        rows = await P.select(P.slug).where((P.slug == base) | P.slug.like(f"{base}-%"))
        return {row["slug"] for row in rows}

    async def sku_owners(self, skus: Collection[str]) -> dict[str, UUID]:
        if not skus:
            return {}
        rows = await V.select(V.id, V.sku).where(V.sku.is_in(list(skus)))
        return {row["sku"]: row["id"] for row in rows}

    async def page(
        self, where: ProductFilter, sort: Sort, limit: int, after: Position | None
    ) -> tuple[list[ProductSummary], Position | None]:
        return await listing.product_page(where, sort, limit, after)

    async def variant_facts(self, skus: list[str]) -> list[VariantFacts]:
        return await listing.variant_facts(skus)

    async def published_after(self, after: UUID | None, limit: int) -> list[Product]:
        query = P.select().where(P.status == "published").order_by(P.id).limit(limit).output(load_json=True)
        if after is not None:
            query = query.where(P.id > after)
        return await self._with_variants(await query)

    async def count(self, status: Status | None = None) -> int:
        query = P.count() if status is None else P.count().where(P.status == status)
        return int(await query)

    async def any_in(self, *, category_ids: Collection[UUID] = (), brand_id: UUID | None = None) -> bool:
        if category_ids:
            return bool(await P.exists().where(P.category.is_in(list(category_ids))))
        if brand_id is not None:
            return bool(await P.exists().where(P.brand == brand_id))
        return False
