"""In-memory stand-ins for the catalogue's ports, subclassing them."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from core.errors import Conflict
from core.messages import Event
from core.uow import UnitOfWork
from domains.catalog.messages import ProductSummary
from domains.catalog.model import Product
from domains.catalog.ports import (
    BrandRepository,
    Catalog,
    CategoryRepository,
    ProductFilter,
    ProductRepository,
)
from domains.catalog.taxonomy import Brand, Category


class Transactions:
    """Stands in for the unit-of-work factory: events count once the outermost unit commits."""

    def __init__(self) -> None:
        self.committed: list[Event] = []
        self.open: list[FakeUnitOfWork] = []

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def types(self) -> list[str]:
        return [type(event).__name__ for event in self.committed]


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, owner: Transactions) -> None:
        self._owner = owner
        self._outer: FakeUnitOfWork | None = None
        self._events: list[Event] = []

    async def __aenter__(self) -> FakeUnitOfWork:
        self._outer = self._owner.open[-1] if self._owner.open else None
        self._owner.open.append(self)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._owner.open.pop()

    def add(self, *events: Event) -> None:
        (self._outer or self)._events.extend(events)

    async def commit(self) -> None:
        if self._outer is None:
            self._owner.committed.extend(self._events)
            self._events.clear()

    async def claim(self, consumer: str, message_id: str) -> bool:
        return True


def _taken(slugs: list[str], base: str) -> set[str]:
    return {slug for slug in slugs if slug == base or slug.startswith(f"{base}-")}


class InMemoryProducts(ProductRepository):
    def __init__(self) -> None:
        self.rows: dict[UUID, Product] = {}

    async def get(self, product_id: UUID) -> Product | None:
        return copy.deepcopy(self.rows.get(product_id))

    async def get_by_slug(self, slug: str) -> Product | None:
        return copy.deepcopy(next((p for p in self.rows.values() if p.slug == slug), None))

    async def add(self, *products: Product) -> None:
        for product in products:
            if product.id in self.rows:
                raise Conflict("product_id is already in use")
            product.version = 1
            self.rows[product.id] = copy.deepcopy(product)

    async def save(self, product: Product) -> None:
        if self.rows[product.id].version != product.version:
            raise Conflict("the product changed meanwhile")
        product.version += 1
        self.rows[product.id] = copy.deepcopy(product)

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
        self.rows[category.id] = copy.deepcopy(category)

    async def save(self, *categories: Category) -> None:
        for category in categories:
            self.rows[category.id] = copy.deepcopy(category)

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
        self.rows[brand.id] = copy.deepcopy(brand)

    async def save(self, brand: Brand) -> None:
        self.rows[brand.id] = copy.deepcopy(brand)

    async def delete(self, brand: Brand) -> None:
        del self.rows[brand.id]

    async def slugs_taken(self, base: str) -> set[str]:
        return _taken([b.slug for b in self.rows.values()], base)


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def catalog() -> Catalog:
    return Catalog(
        uow=Transactions(),
        products=InMemoryProducts(),
        categories=InMemoryCategories(),
        brands=InMemoryBrands(),
        clock=Clock(),
    )
