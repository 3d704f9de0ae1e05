"""In-memory stand-ins for the catalogue's ports, subclassing them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.errors import Conflict
from domains.catalog.messages import ProductSummary, VariantFacts
from domains.catalog.model.products import Product
from domains.catalog.model.taxonomy import Brand, Category
from domains.catalog.ports import (
    BrandRepository,
    CatalogDeps,
    CategoryRepository,
    PriceListCopy,
    ProductFilter,
    ProductRepository,
    StockCopy,
)
from tests.support.fakes import Transactions


def _stored(aggregate: Any) -> Any:
    """A copy as a database keeps it: without the events still waiting for a unit of work."""
    stored = copy.deepcopy(aggregate)
    stored.events.clear()
    return stored


def _taken(slugs: list[str], base: str) -> set[str]:
    return {slug for slug in slugs if slug == base or slug.startswith(f"{base}-")}


class InMemoryProducts(ProductRepository):
    def __init__(self, categories: InMemoryCategories) -> None:
        self.rows: dict[UUID, Product] = {}
        self.categories = categories

    async def get(self, product_id: UUID) -> Product | None:
        return copy.deepcopy(self.rows.get(product_id))

    async def get_by_slug(self, slug: str) -> Product | None:
        return copy.deepcopy(next((p for p in self.rows.values() if p.slug == slug), None))

    async def get_by_sku(self, sku: str) -> Product | None:
        return copy.deepcopy(
            next((p for p in self.rows.values() if sku in {v.sku for v in p.variants}), None)
        )

    async def add(self, *products: Product) -> None:
        for product in products:
            if product.id in self.rows:
                raise Conflict("product_id is already in use")
            product.version = 1
            self.rows[product.id] = _stored(product)

    async def save(self, product: Product) -> None:
        if self.rows[product.id].version != product.version:
            raise Conflict("the product changed meanwhile")
        product.version += 1
        self.rows[product.id] = _stored(product)

    async def delete(self, product: Product) -> None:
        if self.rows[product.id].version != product.version:
            raise Conflict("the product changed meanwhile")
        del self.rows[product.id]

    async def slugs_taken(self, base: str) -> set[str]:
        return _taken([p.slug for p in self.rows.values()], base)

    async def sku_owners(self, skus: Any) -> dict[str, UUID]:
        return {v.sku: v.id for p in self.rows.values() for v in p.variants if v.sku in set(skus)}

    async def page(
        self, where: ProductFilter, sort: str, limit: int, after: list[Any] | None
    ) -> tuple[list[ProductSummary], list[Any] | None]:
        keys = {"newest": lambda p: p.created_at, "name": lambda p: p.name.casefold()}
        chosen = [p for p in self.rows.values() if _matches(p, where)]
        chosen.sort(
            key=lambda p: (keys.get(sort, lambda p: p.price_min.amount)(p), str(p.id)),
            reverse=sort in ("newest", "price_desc"),
        )
        start = next((i + 1 for i, p in enumerate(chosen) if after and str(p.id) == after[-1]), 0)
        shown = chosen[start : start + limit]
        more = start + limit < len(chosen)
        return [_summary(p) for p in shown], ["-", str(shown[-1].id)] if more else None

    async def variant_facts(self, skus: list[str]) -> list[VariantFacts]:
        """Like the SQL: the category's ancestors come from the categories store's paths."""
        facts = [
            VariantFacts(
                sku=v.sku,
                variant_id=v.id,
                product_id=p.id,
                product_name=p.name,
                price=v.price,
                category_ids=[c.id for c in await self.categories.trail(p.category_id)]
                if p.category_id
                else [],
                brand_id=p.brand_id,
                weight_grams=v.weight_grams,
                available=v.available,
                status=p.status,
            )
            for p in self.rows.values()
            for v in p.variants
            if v.sku in skus
        ]
        return sorted(facts, key=lambda f: f.sku)

    async def published_after(self, after: UUID | None, limit: int) -> list[Product]:
        live = sorted((p for p in self.rows.values() if p.status == "published"), key=lambda p: str(p.id))
        return copy.deepcopy([p for p in live if after is None or str(p.id) > str(after)][:limit])

    async def count(self, status: str | None = None) -> int:
        return sum(1 for p in self.rows.values() if status is None or p.status == status)

    async def any_in(self, *, category_ids: Any = (), brand_id: UUID | None = None) -> bool:
        return any(
            p.category_id in set(category_ids) or (brand_id is not None and p.brand_id == brand_id)
            for p in self.rows.values()
        )


def _matches(product: Product, where: ProductFilter) -> bool:
    price = product.price_min.amount if product.price_min else 0
    return (
        (where.status is None or product.status == where.status)
        and (where.category_ids is None or product.category_id in where.category_ids)
        and (where.brand_id is None or product.brand_id == where.brand_id)
        and (where.min_price is None or price >= where.min_price)
        and (where.max_price is None or price <= where.max_price)
        and (where.text is None or where.text.casefold() in product.name.casefold())
    )


def _summary(product: Product) -> ProductSummary:
    return ProductSummary(
        id=product.id,
        slug=product.slug,
        name=product.name,
        status=product.status,
        price=product.price_min,
        price_max=product.price_max,
        in_stock=product.in_stock,
        brand=None,
        category=None,
        image=product.images[0] if product.images else None,
        created_at=product.created_at,
    )


class InMemoryCategories(CategoryRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Category] = {}

    async def lock(self) -> None:
        return None

    async def get(self, category_id: UUID) -> Category | None:
        return copy.deepcopy(self.rows.get(category_id))

    async def get_by_slug(self, slug: str) -> Category | None:
        return copy.deepcopy(next((c for c in self.rows.values() if c.slug == slug), None))

    async def all(self) -> list[Category]:
        return copy.deepcopy(sorted(self.rows.values(), key=lambda c: c.path))

    async def trail(self, category_id: UUID) -> list[Category]:
        found = self.rows.get(category_id)
        if found is None:
            return []
        return [c for c in await self.all() if found.path == c.path or found.path.startswith(f"{c.path}/")]

    async def descendants(self, category: Category) -> list[Category]:
        return [c for c in await self.all() if c.path.startswith(f"{category.path}/")]

    async def add(self, category: Category) -> None:
        self.rows[category.id] = _stored(category)

    async def save(self, *categories: Category) -> None:
        for category in categories:
            self.rows[category.id] = _stored(category)

    async def delete(self, category: Category) -> None:
        del self.rows[category.id]

    async def slugs_taken(self, base: str) -> set[str]:
        return _taken([c.slug for c in self.rows.values()], base)


class InMemoryBrands(BrandRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Brand] = {}

    async def get(self, brand_id: UUID) -> Brand | None:
        return copy.deepcopy(self.rows.get(brand_id))

    async def get_by_slug(self, slug: str) -> Brand | None:
        return copy.deepcopy(next((b for b in self.rows.values() if b.slug == slug), None))

    async def get_many(self, brand_ids: Any) -> dict[UUID, Brand]:
        return {i: copy.deepcopy(self.rows[i]) for i in brand_ids if i in self.rows}

    async def page(self, limit: int, after: list[Any] | None) -> tuple[list[Brand], list[Any] | None]:
        ordered = sorted(self.rows.values(), key=lambda b: (b.name, str(b.id)))
        start = next((i + 1 for i, b in enumerate(ordered) if after and str(b.id) == after[-1]), 0)
        shown = ordered[start : start + limit]
        return copy.deepcopy(shown), [shown[-1].name, str(shown[-1].id)] if start + limit < len(
            ordered
        ) else None

    async def add(self, brand: Brand) -> None:
        self.rows[brand.id] = _stored(brand)

    async def save(self, brand: Brand) -> None:
        self.rows[brand.id] = _stored(brand)

    async def delete(self, brand: Brand) -> None:
        del self.rows[brand.id]

    async def slugs_taken(self, base: str) -> set[str]:
        return _taken([b.slug for b in self.rows.values()], base)


class InMemoryStock(StockCopy):
    """SKU -> (version, available), as inventory last said."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[int, bool]] = {}

    async def advance(self, sku: str, version: int, available: bool) -> bool:
        if sku in self.rows and self.rows[sku][0] >= version:
            return False
        self.rows[sku] = (version, available)
        return True

    async def availability(self, skus: Any) -> dict[str, bool]:
        return {sku: self.rows[sku][1] for sku in skus if sku in self.rows}


class InMemoryPriceLists(PriceListCopy):
    """Guest price list id -> its currency."""

    def __init__(self) -> None:
        self.rows: dict[UUID, str] = {}

    async def put(self, price_list_id: UUID, currency: str) -> None:
        self.rows[price_list_id] = currency

    async def drop(self, price_list_id: UUID) -> None:
        self.rows.pop(price_list_id, None)

    async def any_in(self, currency: str) -> bool:
        return currency in self.rows.values()


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def catalog() -> CatalogDeps:
    categories = InMemoryCategories()
    return CatalogDeps(
        uow=Transactions(),
        products=InMemoryProducts(categories),
        categories=categories,
        brands=InMemoryBrands(),
        clock=Clock(),
        stock=InMemoryStock(),
        price_lists=InMemoryPriceLists(),
    )
