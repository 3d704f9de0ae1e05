"""Customers' Piccolo tables; their DDL (checks, partial unique indexes) is migrations/customers/."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Array, BigInt, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class CustomersProfile(Table, tablename="customers_profiles"):
    id = UUID(primary_key=True)
    email = Text()
    first_name = Varchar(length=100, null=True, default=None)
    last_name = Varchar(length=100, null=True, default=None)
    phone = Varchar(length=40, null=True, default=None)
    locale = Varchar(length=12, null=True, default=None)
    marketing_consent = Boolean(default=False)
    tags = Array(base_column=Text())
    blocked_at = Timestamptz(null=True, default=None)
    erased_at = Timestamptz(null=True, default=None)
    registered = Boolean(default=False)
    email_verified_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CustomersAddress(Table, tablename="customers_addresses"):
    id = UUID(primary_key=True)
    customer_id = UUID()
    first_name = Varchar(length=100)
    last_name = Varchar(length=100)
    company = Varchar(length=100, null=True, default=None)
    line1 = Varchar(length=200)
    line2 = Varchar(length=200, null=True, default=None)
    city = Varchar(length=100)
    region = Varchar(length=100, null=True, default=None)
    postal_code = Varchar(length=20)
    country = Varchar(length=2)
    phone = Varchar(length=40, null=True, default=None)
    default_shipping = Boolean(default=False)
    default_billing = Boolean(default=False)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CustomersSegment(Table, tablename="customers_segments"):
    id = UUID(primary_key=True)
    name = Varchar(length=100, unique=True)
    description = Varchar(length=500, null=True, default=None)
    kind = Text()
    rules = JSONB(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class CustomersSegmentMember(Table, tablename="customers_segment_members"):
    segment_id = UUID(primary_key=True)
    customer_id = UUID()
    added_at = Timestamptz()


class CustomersOrder(Table, tablename="customers_orders"):
    order_id = UUID(primary_key=True)
    customer_id = UUID()
    amount = BigInt()
    currency = Varchar(length=3)
    placed_at = Timestamptz()
    cancelled_at = Timestamptz(null=True, default=None)


class CustomersSpend(Table, tablename="customers_spend"):
    customer_id = UUID(primary_key=True)
    currency = Varchar(length=3)
    order_count = Integer(default=0)
    amount = BigInt(default=0)


TABLES: list[type[Table]] = [
    CustomersProfile,
    CustomersAddress,
    CustomersSegment,
    CustomersSegmentMember,
    CustomersOrder,
    CustomersSpend,
]
