"""The cart domain's Piccolo tables; CHECKs and the one-active-cart index live in its migration."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Array, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table


class CartCart(Table, tablename="cart_carts"):
    id = UUID(primary_key=True)
    customer_id = UUID(null=True, default=None)
    email = Varchar(length=254, null=True, default=None)
    currency = Varchar(length=3)
    status = Varchar(length=20, default="active")
    coupon_codes = Array(base_column=Text(), default=[])
    shipping_address = JSONB(null=True, default=None)
    shipping_method_id = UUID(null=True, default=None)
    order_id = UUID(null=True, default=None)
    reserved_until = Timestamptz(null=True, default=None)
    version = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CartLine(Table, tablename="cart_lines"):
    id = UUID(primary_key=True)
    cart = ForeignKey(references=CartCart, on_delete=OnDelete.cascade, db_column_name="cart_id")
    sku = Varchar(length=64)
    quantity = Integer()
    position = Integer(default=0)


TABLES: list[type[Table]] = [CartCart, CartLine]
