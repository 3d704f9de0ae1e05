"""What the catalogue's handlers need: its stores, a unit of work and a clock.

Stores run their queries in the unit of work that is open when they are called.
A position is the opaque, JSON-able place after the last item of a page.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.uow import UnitOfWorkFactory
    from domains.catalog.messages import ProductSummary, Sort, Status, VariantFacts
    from domains.catalog.model.products import Product
    from domains.catalog.model.taxonomy import Brand, Category

Position = list[Any]


@dataclass(frozen=True)
class ProductFilter:
    """Which products a listing shows; ``category_ids`` None means any category."""

    status: Status | None = "published"
    category_ids: list[UUID] | None = None
    brand_id: UUID | None = None
    min_price: int | None = None
    max_price: int | None = None
    text: str | None = None


class SlugStore(Protocol):
    async def slugs_taken(self, base: str) -> set[str]:
        """Which of ``base``, ``base-2``, ``base-3``... are used."""
        ...


class ProductRepository(SlugStore, Protocol):
    async def get(self, product_id: UUID) -> Product | None: ...

    async def get_by_slug(self, slug: str) -> Product | None: ...

    async def get_by_sku(self, sku: str) -> Product | None:
        """The product with a variant holding this (normalised) SKU."""
        ...

    async def add(self, *products: Product) -> None: ...

    async def save(self, product: Product) -> None:
        """Store a changed product; ``Conflict`` if it changed since it was read."""
        ...

    async def delete(self, product: Product) -> None:
        """Remove a product and its variants; ``Conflict`` if it changed since it was read."""
        ...

    async def sku_owners(self, skus: Collection[str]) -> dict[str, UUID]:
        """The variant id holding each of these SKUs, for those in use."""
        ...

    async def page(
        self, where: ProductFilter, sort: Sort, limit: int, after: Position | None
    ) -> tuple[list[ProductSummary], Position | None]:
        """Up to ``limit`` summaries after ``after``, and the position after them if more follow."""
        ...

    async def variant_facts(self, skus: list[str]) -> list[VariantFacts]:
        """The facts of the variants holding these (normalised) SKUs, in SKU order; unknown ones left out."""
        ...

    async def published_after(self, after: UUID | None, limit: int) -> list[Product]: ...

    async def count(self, status: Status | None = None) -> int: ...

    async def any_in(self, *, category_ids: Collection[UUID] = (), brand_id: UUID | None = None) -> bool:
        """Whether some product uses one of these categories or this brand."""
        ...


class CategoryRepository(SlugStore, Protocol):
    async def lock(self) -> None:
        """Keep other writers off the tree until the unit of work ends (moves must not race)."""
        ...

    async def get(self, category_id: UUID) -> Category | None: ...

    async def get_by_slug(self, slug: str) -> Category | None: ...

    async def all(self) -> list[Category]: ...

    async def trail(self, category_id: UUID) -> list[Category]:
        """The category's ancestors from the root, then the category; empty if unknown."""
        ...

    async def descendants(self, category: Category) -> list[Category]: ...

    async def add(self, category: Category) -> None: ...

    async def save(self, *categories: Category) -> None: ...

    async def delete(self, category: Category) -> None: ...


class BrandRepository(SlugStore, Protocol):
    async def get(self, brand_id: UUID) -> Brand | None: ...

    async def get_by_slug(self, slug: str) -> Brand | None: ...

    async def get_many(self, brand_ids: Collection[UUID]) -> dict[UUID, Brand]: ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[Brand], Position | None]: ...

    async def add(self, brand: Brand) -> None: ...

    async def save(self, brand: Brand) -> None: ...

    async def delete(self, brand: Brand) -> None: ...


class PriceListCopy(Protocol):
    """The catalogue's copy of pricing's guest price lists, fed by ``pricing.PriceListChanged``."""

    async def put(self, price_list_id: UUID, currency: str) -> None: ...

    async def drop(self, price_list_id: UUID) -> None: ...

    async def any_in(self, currency: str) -> bool:
        """Whether some guest price list in ``currency`` exists."""
        ...


class StockCopy(Protocol):
    """The catalogue's copy of inventory's availability per SKU, fed by ``inventory.StockChanged``."""

    async def advance(self, sku: str, version: int, available: bool) -> bool:
        """Keep ``available`` for the SKU if ``version`` is newer than the one kept; whether it was."""
        ...

    async def availability(self, skus: Collection[str]) -> dict[str, bool]:
        """What inventory last said of these SKUs, for those it spoke of."""
        ...


@dataclass(frozen=True)
class CatalogDeps:
    """The second argument of every catalogue handler."""

    uow: UnitOfWorkFactory
    products: ProductRepository
    categories: CategoryRepository
    brands: BrandRepository
    clock: Callable[[], datetime]
    stock: StockCopy
    price_lists: PriceListCopy
    currency: str = "EUR"  # the shop's default currency: every base price is in it
