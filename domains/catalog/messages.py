"""The catalogue's public contract: commands, queries, events and the replies they carry.

Other domains import this module and nothing else of the catalogue. Money is an
integer of minor units plus an ISO 4217 code. Update commands use ``UNSET`` for
"leave as is", so ``None`` can mean "clear" (e.g. ``brand_id=None``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query

Status = Literal["draft", "published", "archived"]
Sort = Literal["newest", "price_asc", "price_desc", "name"]
AttributeValue = str | int | float | bool


class Money(msgspec.Struct, frozen=True, kw_only=True):
    amount: int
    currency: str


# Replies -----------------------------------------------------------------


class BrandRef(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str


class CategoryRef(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str


class VariantDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    sku: str
    price: Money
    options: dict[str, str]
    weight_grams: int | None
    available: bool


class ProductDetails(msgspec.Struct, frozen=True, kw_only=True):
    """Everything about one product: the detail reply and the snapshot in events."""

    id: UUID
    slug: str
    name: str
    description: str
    status: Status
    brand: BrandRef | None
    category: CategoryRef | None
    breadcrumbs: list[CategoryRef]
    images: list[str]
    attributes: dict[str, AttributeValue]
    variants: list[VariantDetails]
    price_min: Money | None
    price_max: Money | None
    in_stock: bool
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    archived_at: datetime | None


class ProductSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    status: Status
    price: Money | None
    price_max: Money | None
    in_stock: bool
    brand: BrandRef | None
    category: CategoryRef | None
    image: str | None
    created_at: datetime


class ProductPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ProductSummary]
    next_cursor: str | None = None


class SnapshotPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ProductDetails]
    next_cursor: str | None = None


class Removal(msgspec.Struct, frozen=True, kw_only=True):
    """What deleting a product did: drafts never published go, others are archived."""

    product_id: UUID
    outcome: Literal["deleted", "archived"]


class ImportReport(msgspec.Struct, frozen=True, kw_only=True):
    created: int


class CategoryDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    parent_id: UUID | None
    path: str
    depth: int
    position: int


class CategoryNode(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str
    children: list[CategoryNode] = []


class BrandDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    logo_url: str | None


class BrandPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[BrandDetails]
    next_cursor: str | None = None


# Commands: products --------------------------------------------------------


class NewVariant(msgspec.Struct, frozen=True, kw_only=True):
    variant_id: UUID = msgspec.field(default_factory=uuid4)
    sku: str
    price: Money
    options: dict[str, str] = {}
    weight_grams: int | None = None
    available: bool = True


class CreateProduct(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.CreateProduct"):
    key_field = "product_id"
    product_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    slug: str | None = None
    description: str = ""
    brand_id: UUID | None = None
    category_id: UUID | None = None
    images: list[str] = []
    attributes: dict[str, AttributeValue] = {}
    variants: list[NewVariant] = []
    publish: bool = False


class ImportProducts(Command[ImportReport], frozen=True, kw_only=True, tag="catalog.ImportProducts"):
    """Creates many products in one transaction (demo data, feeds): all or none."""

    key_field = "batch_id"
    batch_id: UUID = msgspec.field(default_factory=uuid4)
    products: list[CreateProduct]


class UpdateProduct(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.UpdateProduct"):
    key_field = "product_id"
    product_id: UUID
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    brand_id: UUID | UnsetType | None = UNSET
    category_id: UUID | UnsetType | None = UNSET
    images: list[str] | UnsetType = UNSET
    attributes: dict[str, AttributeValue] | UnsetType = UNSET


class PublishProduct(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.PublishProduct"):
    key_field = "product_id"
    product_id: UUID


class ArchiveProduct(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.ArchiveProduct"):
    key_field = "product_id"
    product_id: UUID


class DeleteProduct(Command[Removal], frozen=True, kw_only=True, tag="catalog.DeleteProduct"):
    key_field = "product_id"
    product_id: UUID


class AddVariant(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.AddVariant"):
    key_field = "product_id"
    product_id: UUID
    variant: NewVariant


class UpdateVariant(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.UpdateVariant"):
    """Changes a variant. ``available`` is the stock flag until inventory owns it."""

    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str | UnsetType = UNSET
    price: Money | UnsetType = UNSET
    options: dict[str, str] | UnsetType = UNSET
    weight_grams: int | UnsetType | None = UNSET
    available: bool | UnsetType = UNSET


class RemoveVariant(Command[ProductDetails], frozen=True, kw_only=True, tag="catalog.RemoveVariant"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID


# Commands: categories and brands ------------------------------------------


class CreateCategory(Command[CategoryDetails], frozen=True, kw_only=True, tag="catalog.CreateCategory"):
    key_field = "category_id"
    category_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    slug: str | None = None
    parent_id: UUID | None = None
    description: str = ""
    position: int = 0


class UpdateCategory(Command[CategoryDetails], frozen=True, kw_only=True, tag="catalog.UpdateCategory"):
    key_field = "category_id"
    category_id: UUID
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    description: str | UnsetType = UNSET
    position: int | UnsetType = UNSET


class DeleteCategory(Command[None], frozen=True, kw_only=True, tag="catalog.DeleteCategory"):
    key_field = "category_id"
    category_id: UUID


class CreateBrand(Command[BrandDetails], frozen=True, kw_only=True, tag="catalog.CreateBrand"):
    key_field = "brand_id"
    brand_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    slug: str | None = None
    description: str = ""
    logo_url: str | None = None


class UpdateBrand(Command[BrandDetails], frozen=True, kw_only=True, tag="catalog.UpdateBrand"):
    key_field = "brand_id"
    brand_id: UUID
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    logo_url: str | UnsetType | None = UNSET


class DeleteBrand(Command[None], frozen=True, kw_only=True, tag="catalog.DeleteBrand"):
    key_field = "brand_id"
    brand_id: UUID


# Queries --------------------------------------------------------------------


class GetProduct(Query[ProductDetails], frozen=True, kw_only=True, tag="catalog.GetProduct"):
    """A product by id or slug; drafts and archived ones only with ``published_only=False``."""

    id_or_slug: str
    published_only: bool = True


class ListProducts(Query[ProductPage], frozen=True, kw_only=True, tag="catalog.ListProducts"):
    """Product summaries, filtered and sorted; ``category`` and ``brand`` are slugs.

    ``status=None`` lists every status (staff). Prices are in minor units and
    compare with the product's lowest variant price.
    """

    category: str | None = None
    brand: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    q: str | None = None
    status: Status | None = "published"
    sort: Sort = "newest"
    limit: int = 20
    cursor: str | None = None


class ListProductsForIndex(
    Query[SnapshotPage], frozen=True, kw_only=True, tag="catalog.ListProductsForIndex"
):
    """Published products' full snapshots in id order, for (re)building a search index."""

    cursor: str | None = None
    limit: int = 100


class CountProducts(Query[int], frozen=True, kw_only=True, tag="catalog.CountProducts"):
    status: Status | None = None


class GetCategoryTree(Query[list[CategoryNode]], frozen=True, kw_only=True, tag="catalog.GetCategoryTree"):
    pass


class ListCategories(Query[list[CategoryDetails]], frozen=True, kw_only=True, tag="catalog.ListCategories"):
    pass


class GetCategory(Query[CategoryDetails], frozen=True, kw_only=True, tag="catalog.GetCategory"):
    category_id: UUID


class ListBrands(Query[BrandPage], frozen=True, kw_only=True, tag="catalog.ListBrands"):
    limit: int = 20
    cursor: str | None = None


class GetBrand(Query[BrandDetails], frozen=True, kw_only=True, tag="catalog.GetBrand"):
    brand_id: UUID


# Events ---------------------------------------------------------------------


class ProductCreated(Event, frozen=True, kw_only=True, tag="catalog.ProductCreated"):
    key_field = "product_id"
    product_id: UUID
    product: ProductDetails


class ProductUpdated(Event, frozen=True, kw_only=True, tag="catalog.ProductUpdated"):
    """After every change to an existing product: its full snapshot (for search, caches)."""

    key_field = "product_id"
    product_id: UUID
    product: ProductDetails


class ProductPublished(Event, frozen=True, kw_only=True, tag="catalog.ProductPublished"):
    key_field = "product_id"
    product_id: UUID
    slug: str
    published_at: datetime


class ProductArchived(Event, frozen=True, kw_only=True, tag="catalog.ProductArchived"):
    key_field = "product_id"
    product_id: UUID
    slug: str
    archived_at: datetime


class ProductDeleted(Event, frozen=True, kw_only=True, tag="catalog.ProductDeleted"):
    key_field = "product_id"
    product_id: UUID
    slug: str


class ProductPriceChanged(Event, frozen=True, kw_only=True, tag="catalog.ProductPriceChanged"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str
    old_price: Money
    new_price: Money


class VariantAvailabilityChanged(Event, frozen=True, kw_only=True, tag="catalog.VariantAvailabilityChanged"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str
    available: bool


class VariantRemoved(Event, frozen=True, kw_only=True, tag="catalog.VariantRemoved"):
    key_field = "product_id"
    product_id: UUID
    variant_id: UUID
    sku: str


class CategoryChanged(Event, frozen=True, kw_only=True, tag="catalog.CategoryChanged"):
    """A category was created or changed (a move re-paths its descendants: one event each)."""

    key_field = "category_id"
    category_id: UUID
    slug: str
    name: str
    parent_id: UUID | None
    path: str
    position: int


class CategoryRemoved(Event, frozen=True, kw_only=True, tag="catalog.CategoryRemoved"):
    key_field = "category_id"
    category_id: UUID
    slug: str
    path: str


class BrandChanged(Event, frozen=True, kw_only=True, tag="catalog.BrandChanged"):
    key_field = "brand_id"
    brand_id: UUID
    slug: str
    name: str


class BrandRemoved(Event, frozen=True, kw_only=True, tag="catalog.BrandRemoved"):
    key_field = "brand_id"
    brand_id: UUID
    slug: str


EVENTS: tuple[type[Event], ...] = (
    ProductCreated,
    ProductUpdated,
    ProductPublished,
    ProductArchived,
    ProductDeleted,
    ProductPriceChanged,
    VariantAvailabilityChanged,
    VariantRemoved,
    CategoryChanged,
    CategoryRemoved,
    BrandChanged,
    BrandRemoved,
)
