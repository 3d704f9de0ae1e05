"""The orders domain's Piccolo tables; CHECKs, the number sequence and partial indexes live in its migration."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class OrdersOrder(Table, tablename="orders_orders"):
    """A placed order and its snapshot: names, SKUs, prices, tax, addresses are copies."""

    id = UUID(primary_key=True)
    number = BigInt(unique=True)
    status = Varchar(length=30)
    customer_id = UUID(null=True, default=None)
    email = Varchar(length=320, null=True, default=None)
    currency = Varchar(length=3)
    cart_id = UUID(null=True, default=None)
    items = JSONB()
    totals = JSONB()
    total = BigInt()
    shipping_address = JSONB(null=True, default=None)
    shipping_method = JSONB(null=True, default=None)
    applied_promotions = JSONB()
    coupon_codes = JSONB()
    status_history = JSONB()
    actor = Varchar(length=100)
    payment_status = Varchar(length=30, null=True, default=None)
    payment_provider = Varchar(length=50, null=True, default=None)
    token_hash = Varchar(length=64, null=True, default=None)
    carrier = Varchar(length=100, null=True, default=None)
    tracking_number = Varchar(length=100, null=True, default=None)
    cancel_pending = Boolean(default=False)
    version = Integer(default=1)
    placed_at = Timestamptz()
    updated_at = Timestamptz()


class OrdersCheckout(Table, tablename="orders_checkouts"):
    """The checkout saga: one row per attempt; a cart has at most one running or done."""

    order_id = UUID(primary_key=True)
    cart_id = UUID()
    customer_id = UUID(null=True, default=None)
    email = Varchar(length=320, null=True, default=None)
    provider = Varchar(length=50)
    token_hash = Varchar(length=64)
    step = Varchar(length=20)
    state = Varchar(length=20)
    plan = JSONB(null=True, default=None)
    total = BigInt(null=True, default=None)
    error = Text(null=True, default=None)
    lease_owner = UUID()
    lease_until = Timestamptz()
    attempts = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class OrdersReturn(Table, tablename="orders_returns"):
    """A return (RMA) of some of an order's units: what was asked, received, restocked, refunded."""

    id = UUID(primary_key=True)
    order_id = UUID()
    order_number = BigInt()
    email = Varchar(length=320, null=True, default=None)
    currency = Varchar(length=3)
    status = Varchar(length=20)
    items = JSONB()
    reason = Text()
    received = JSONB()
    restocks = JSONB()
    refund = BigInt(null=True, default=None)
    rejection_reason = Text(null=True, default=None)
    status_history = JSONB()
    version = Integer(default=1)
    requested_at = Timestamptz()
    updated_at = Timestamptz()


class OrdersRefund(Table, tablename="orders_refunds"):
    """Each refund of an order, taking its refunded total up: given by staff or for a return."""

    id = UUID(primary_key=True)
    order_id = UUID()
    amount = BigInt()
    currency = Varchar(length=3)
    total_refunded = BigInt()
    reason = Text(null=True, default=None)
    return_id = UUID(null=True, default=None)
    actor = Varchar(length=100)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [OrdersOrder, OrdersCheckout, OrdersReturn, OrdersRefund]
