"""The catalogue's Piccolo tables. Composite and partial indexes live in its migrations.

``catalog_product`` keeps, beside the product, what listings sort and filter
on (lowest and highest variant price, currency, any variant available, folded
name), rewritten from the aggregate on every save.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    Array,
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class CatalogBrand(Table, tablename="catalog_brand"):
    id = UUID(primary_key=True)
    slug = Varchar(length=120, unique=True)
    name = Varchar(length=100)
    description = Text(default="")
    logo_url = Varchar(length=2000, null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CatalogCategory(Table, tablename="catalog_category"):
    id = UUID(primary_key=True)
    parent: ForeignKey[CatalogCategory] = ForeignKey(
        references="self", null=True, on_delete=OnDelete.restrict, db_column_name="parent_id"
    )
    slug = Varchar(length=120, unique=True)
    name = Varchar(length=100)
    description = Text(default="")
    path = Text(unique=True)
    depth = Integer(default=0)
    position = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CatalogProduct(Table, tablename="catalog_product"):
    id = UUID(primary_key=True)
    slug = Varchar(length=120, unique=True)
    name = Varchar(length=200)
    folded_name = Varchar(length=200)
    description = Text(default="")
    status = Varchar(length=12, default="draft")
    brand = ForeignKey(
        references=CatalogBrand, null=True, on_delete=OnDelete.restrict, db_column_name="brand_id"
    )
    category = ForeignKey(
        references=CatalogCategory, null=True, on_delete=OnDelete.restrict, db_column_name="category_id"
    )
    images = Array(base_column=Varchar(length=2000))
    attributes = JSONB(default={})
    price_min = BigInt(default=0)
    price_max = BigInt(default=0)
    currency = Varchar(length=3, null=True, default=None)
    in_stock = Boolean(default=False)
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    published_at = Timestamptz(null=True, default=None)
    archived_at = Timestamptz(null=True, default=None)


class CatalogVariant(Table, tablename="catalog_variant"):
    id = UUID(primary_key=True)
    product = ForeignKey(references=CatalogProduct, on_delete=OnDelete.cascade, db_column_name="product_id")
    sku = Varchar(length=64, unique=True)
    options = JSONB(default={})
    price_amount = BigInt()
    currency = Varchar(length=3)
    weight_grams = Integer(null=True, default=None)
    available = Boolean(default=True)
    position = Integer(default=0)


class CatalogStock(Table, tablename="catalog_stock"):
    """Inventory's newest word on a SKU (``inventory.StockChanged``): in stock or not."""

    sku = Varchar(length=64, primary_key=True)
    version = BigInt()
    available = Boolean()


class CatalogPriceList(Table, tablename="catalog_price_list"):
    """Pricing's guest price lists (``pricing.PriceListChanged``): their currency only, enough to know
    whether shown prices in a currency must be asked of pricing."""

    id = UUID(primary_key=True)
    currency = Varchar(length=3)


TABLES: list[type[Table]] = [
    CatalogBrand,
    CatalogCategory,
    CatalogProduct,
    CatalogVariant,
    CatalogStock,
    CatalogPriceList,
]
