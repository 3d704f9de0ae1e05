"""The catalogue's HTTP shapes, apart from its bus messages so either can change alone.

Request bodies refuse unknown fields (a typo is a 400 naming it). Update
bodies leave out what stays as is; ``null`` clears a field that allows it.
Lengths, ranges, the SKU's shape and enums are checked on decoding (400, shown in
OpenAPI); what needs the whole input or the catalogue (a known currency, a slug's
shape, a free SKU, an existing brand) is the domain's: 422 naming every bad field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from core.controllers import Body
from core.money import Amount, CurrencyCode
from core.slugs import MAX_SLUG
from domains.catalog.messages import AttributeValue, Money, Status

SLUG_SHAPE = (
    "lower-case letters, digits and single dashes, not shaped like an id; made from the name when omitted"
)
ProductName = Annotated[
    str, Meta(min_length=1, max_length=200, description="blank after trimming is refused")
]
ShelfName = Annotated[str, Meta(min_length=1, max_length=100, description="blank after trimming is refused")]
Slug = Annotated[str, Meta(max_length=MAX_SLUG, description=SLUG_SHAPE, examples=["coffee-mug"])]
RichText = Annotated[str, Meta(max_length=20_000, description="HTML; scripts and unsafe markup are removed")]
ShortRichText = Annotated[
    str, Meta(max_length=5000, description="HTML; scripts and unsafe markup are removed")
]
Url = Annotated[str, Meta(max_length=2000, description="an http(s) URL")]
Images = Annotated[list[Url], Meta(max_length=30)]
# OpenAPI states a key's bounds as propertyNames, which Litestar takes only as an extra.
Attributes = Annotated[
    dict[Annotated[str, Meta(min_length=1, max_length=64)], AttributeValue],
    Meta(
        max_length=100,
        description="text values at most 1000 characters; numbers finite",
        extra_json_schema={"extra": {"propertyNames": {"type": "string", "minLength": 1, "maxLength": 64}}},
    ),
]
Sku = Annotated[
    str,
    Meta(
        pattern=r"^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,63}\s*$",
        description="1-64 letters, digits, '.', '_' or '-'; stored upper-case, unique in the catalogue",
        examples=["MUG-350-BLUE"],
    ),
]
Options = Annotated[
    dict[
        Annotated[str, Meta(min_length=1, max_length=40)], Annotated[str, Meta(min_length=1, max_length=100)]
    ],
    Meta(
        max_length=10,
        description="option name -> value; names are stored lower-case",
        extra_json_schema={"extra": {"propertyNames": {"type": "string", "minLength": 1, "maxLength": 40}}},
    ),
]
Weight = Annotated[int, Meta(ge=0, le=10_000_000, description="grams")]
Position = Annotated[int, Meta(ge=-1_000_000, le=1_000_000, description="order among siblings")]

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


class Variant(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """``lowest_price_30d`` is shown for a variant on sale in the currency shown (EU Omnibus)."""

    id: UUID
    sku: str
    price: Money
    available: bool
    options: dict[str, str]
    weight_grams: int | None
    lowest_price_30d: Money | None = None


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


class Price(Body, frozen=True, kw_only=True):
    """A price as a body gives it: minor units of a known ISO 4217 currency."""

    amount: Amount
    currency: CurrencyCode


class VariantCreate(Body, frozen=True, kw_only=True):
    sku: Sku
    price: Price
    options: Options = {}
    weight_grams: Weight | None = None
    available: bool = True


class VariantUpdate(Body, frozen=True, kw_only=True):
    sku: Sku | UnsetType = UNSET
    price: Price | UnsetType = UNSET
    options: Options | UnsetType = UNSET
    weight_grams: Weight | UnsetType | None = UNSET
    available: bool | UnsetType = UNSET


class ProductCreate(Body, frozen=True, kw_only=True):
    name: ProductName
    slug: Slug | None = None
    description: RichText = ""
    brand_id: UUID | None = None
    category_id: UUID | None = None
    images: Images = []
    attributes: Attributes = {}
    variants: list[VariantCreate] = []
    publish: bool = False


class ProductUpdate(Body, frozen=True, kw_only=True):
    name: ProductName | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    description: RichText | UnsetType = UNSET
    brand_id: UUID | UnsetType | None = UNSET
    category_id: UUID | UnsetType | None = UNSET
    images: Images | UnsetType = UNSET
    attributes: Attributes | UnsetType = UNSET


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
    name: ShelfName
    slug: Slug | None = None
    parent_id: UUID | None = None
    description: ShortRichText = ""
    position: Position = 0


class CategoryUpdate(Body, frozen=True, kw_only=True):
    name: ShelfName | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    parent_id: UUID | UnsetType | None = UNSET
    description: ShortRichText | UnsetType = UNSET
    position: Position | UnsetType = UNSET


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
    name: ShelfName
    slug: Slug | None = None
    description: ShortRichText = ""
    logo_url: Url | None = None


class BrandUpdate(Body, frozen=True, kw_only=True):
    name: ShelfName | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    description: ShortRichText | UnsetType = UNSET
    logo_url: Url | UnsetType | None = UNSET
