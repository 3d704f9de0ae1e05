"""The catalogue's contract for products: their commands, queries, replies and events.

Update commands use ``UNSET`` for "leave as is", so ``None`` can mean "clear"
(e.g. ``brand_id=None``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query
from core.money import Money
from domains.catalog.messages.taxonomy import BrandRef, CategoryRef
from domains.catalog.messages.variants import NewVariant, VariantDetails

Status = Literal["draft", "published", "archived"]
Sort = Literal["newest", "price_asc", "price_desc", "name"]
AttributeValue = str | int | float | bool
MAX_SKUS = 500


# Replies -----------------------------------------------------------------


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


class VariantFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What pricing and quotes need of one variant, whatever the product's status."""

    sku: str
    variant_id: UUID
    product_id: UUID
    product_name: str
    price: Money  # the base price
    category_ids: list[UUID]  # the product's categories and all their ancestors
    brand_id: UUID | None
    weight_grams: int | None
    available: bool
    status: Status


# Commands -----------------------------------------------------------------


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
    """Changes a variant. ``available`` false takes it off sale until inventory's next word on its
    stock; true puts it on sale only if inventory last said it has units of the SKU."""

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


# Queries ------------------------------------------------------------------


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


class GetVariantsBySku(Query[list[VariantFacts]], frozen=True, kw_only=True, tag="catalog.GetVariantsBySku"):
    """The variants holding these SKUs (at most 500, matched case-insensitively); unknown ones are left out."""

    skus: list[str]


class ShownPricesNeedPricing(Query[bool], frozen=True, kw_only=True, tag="catalog.ShownPricesNeedPricing"):
    """Whether a guest's prices in the default currency may differ from the catalogue's base prices:
    some guest price list (no segment) in it exists, so the prices shown must come from pricing."""


# Events -------------------------------------------------------------------


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
