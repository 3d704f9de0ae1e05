"""The pricing domain's Piccolo tables; CHECKs and indexes live in its migration."""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    BigInt,
    BigSerial,
    Boolean,
    ForeignKey,
    Integer,
    Numeric,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class PricingProduct(Table, tablename="pricing_product"):
    """A product pricing has heard of: its tax class and the catalogue version applied."""

    id = UUID(primary_key=True)
    tax_class = Varchar(length=20, default="standard")
    version = Timestamptz()
    removed = Boolean(default=False)


class PricingBasePrice(Table, tablename="pricing_base_price"):
    sku = Varchar(length=64, primary_key=True)
    product_id = UUID()
    variant_id = UUID()
    amount = BigInt()
    currency = Varchar(length=3)


class PricingPriceList(Table, tablename="pricing_price_list"):
    id = UUID(primary_key=True)
    name = Varchar(length=200)
    currency = Varchar(length=3)
    segment_id = UUID(null=True, default=None)
    starts_at = Timestamptz(null=True, default=None)
    ends_at = Timestamptz(null=True, default=None)
    priority = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class PricingListPrice(Table, tablename="pricing_list_price"):
    id = BigSerial(primary_key=True)
    price_list = ForeignKey(
        references=PricingPriceList, on_delete=OnDelete.cascade, db_column_name="price_list_id"
    )
    sku = Varchar(length=64)
    amount = BigInt()
    since = Timestamptz()


class PricingPriceHistory(Table, tablename="pricing_price_history"):
    id = BigSerial(primary_key=True)
    product_id = UUID()
    sku = Varchar(length=64)
    amount = BigInt(null=True)  # None: a list stopped pricing the SKU
    currency = Varchar(length=3)
    source = Varchar(length=20)
    price_list_id = UUID(null=True, default=None)
    public = Boolean(default=True)
    recorded_at = Timestamptz()


class PricingExchangeRate(Table, tablename="pricing_exchange_rate"):
    currency = Varchar(length=3, primary_key=True)
    rate = Numeric(digits=(20, 10))
    charm = Boolean(default=False)
    updated_at = Timestamptz()


class PricingTaxRate(Table, tablename="pricing_tax_rate"):
    id = UUID(primary_key=True)
    country = Varchar(length=2)
    region = Varchar(length=10, null=True, default=None)
    tax_class = Varchar(length=20, null=True, default=None)
    rate = Numeric(digits=(7, 6))
    inclusive = Boolean(default=False)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [
    PricingProduct,
    PricingBasePrice,
    PricingPriceList,
    PricingListPrice,
    PricingPriceHistory,
    PricingExchangeRate,
    PricingTaxRate,
]
