"""The catalogue's HTTP shapes, apart from its bus messages so either can change alone.

Request bodies refuse unknown fields (a typo is a 400 naming it). Update
bodies leave out what stays as is; ``null`` clears a field that allows it.
Value checks (negative prices, currencies, slugs...) are the domain's: 422.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from core.controllers import Body
from domains.catalog.messages import AttributeValue, Money, Status

# Shoppers -------------------------------------------------------------------


class BrandLink(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str


class CategoryLink(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str


class ProductCard(msgspec.Struct, frozen=True, kw_only=True):
    """A product in a listing; ``price`` is the lowest variant price."""

    id: UUID
    slug: str
    name: str
    price: Money | None
    price_max: Money | None
    in_stock: bool
    brand: BrandLink | None
    category: CategoryLink | None
    image: str | None


class ProductCards(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ProductCard]
    next_cursor: str | None


class Variant(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    sku: str
    price: Money
    available: bool
    options: dict[str, str]
    weight_grams: int | None


class Product(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    price_min: Money | None
    price_max: Money | None
    in_stock: bool
    brand: BrandLink | None
    category: CategoryLink | None
    breadcrumbs: list[CategoryLink]
    images: list[str]
    attributes: dict[str, AttributeValue]
    variants: list[Variant]


class CategoryBranch(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    path: str
    children: list[CategoryBranch]


class CategoryTree(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CategoryBranch]


class Brand(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    logo_url: str | None


class Brands(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Brand]
    next_cursor: str | None


# Staff ----------------------------------------------------------------------


class VariantCreate(Body, frozen=True, kw_only=True):
    sku: str
    price: Money
    options: dict[str, str] = {}
    weight_grams: int | None = None
    available: bool = True


class VariantUpdate(Body, frozen=True, kw_only=True):
    sku: str | UnsetType = UNSET
    price: Money | UnsetType = UNSET
    options: dict[str, str] | UnsetType = UNSET
    weight_grams: int | UnsetType | None = UNSET
    available: bool | UnsetType = UNSET


class ProductCreate(Body, frozen=True, kw_only=True):
    name: str
    slug: str | None = None
    description: str = ""
    brand_id: UUID | None = None
    category_id: UUID | None = None
    images: list[str] = []
    attributes: dict[str, AttributeValue] = {}
    variants: list[VariantCreate] = []
    publish: bool = False


class ProductUpdate(Body, frozen=True, kw_only=True):
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    brand_id: UUID | UnsetType | None = UNSET
    category_id: UUID | UnsetType | None = UNSET
    images: list[str] | UnsetType = UNSET
    attributes: dict[str, AttributeValue] | UnsetType = UNSET


class StaffProduct(Product, frozen=True, kw_only=True):
    status: Status
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    archived_at: datetime | None


class StaffProductCard(ProductCard, frozen=True, kw_only=True):
    status: Status
    created_at: datetime


class StaffProductCards(msgspec.Struct, frozen=True, kw_only=True):
    items: list[StaffProductCard]
    next_cursor: str | None


class ProductRemoval(msgspec.Struct, frozen=True, kw_only=True):
    product_id: UUID
    outcome: Literal["deleted", "archived"]


class CategoryCreate(Body, frozen=True, kw_only=True):
    name: str
    slug: str | None = None
    parent_id: UUID | None = None
    description: str = ""
    position: int = 0


class CategoryUpdate(Body, frozen=True, kw_only=True):
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    description: str | UnsetType = UNSET
    position: int | UnsetType = UNSET


class Category(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slug: str
    name: str
    description: str
    parent_id: UUID | None
    path: str
    depth: int
    position: int


class Categories(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Category]


class BrandCreate(Body, frozen=True, kw_only=True):
    name: str
    slug: str | None = None
    description: str = ""
    logo_url: str | None = None


class BrandUpdate(Body, frozen=True, kw_only=True):
    name: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    logo_url: str | UnsetType | None = UNSET
