"""The shipping domain's Piccolo tables; CHECKs, keys and indexes live in its migration."""

from __future__ import annotations

from piccolo.columns import UUID, Array, BigInt, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table


class ShippingZone(Table, tablename="shipping_zone"):
    id = UUID(primary_key=True)
    name = Varchar(length=100, unique=True)
    countries = Array(base_column=Varchar(length=2))  # ISO 3166 alpha-2 codes, or {*}
    created_at = Timestamptz()


class ShippingMethod(Table, tablename="shipping_method"):
    id = UUID(primary_key=True)
    zone = ForeignKey(references=ShippingZone, on_delete=OnDelete.restrict, db_column_name="zone_id")
    name = Varchar(length=100)
    carrier = Varchar(length=64)
    free_over = BigInt(null=True, default=None)
    currency = Varchar(length=3)
    created_at = Timestamptz()


class ShippingRate(Table, tablename="shipping_rate"):
    """One weight band of a method: up to ``max_weight_grams`` costs ``price`` (minor units)."""

    method = ForeignKey(references=ShippingMethod, on_delete=OnDelete.cascade, db_column_name="method_id")
    max_weight_grams = Integer()
    price = BigInt()


TABLES: list[type[Table]] = [ShippingZone, ShippingMethod, ShippingRate]
