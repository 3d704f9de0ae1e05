"""The shipping domain's Piccolo tables; CHECKs, keys and indexes live in its migrations."""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    Array,
    BigInt,
    Bytea,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
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
    basis = Varchar(length=10, default="weight")  # weight | subtotal | flat
    service = Varchar(length=100, null=True, default=None)
    created_at = Timestamptz()


class ShippingRate(Table, tablename="shipping_rate"):
    """One band of a method, the ``position``-th: up to a weight or a subtotal costs ``price``."""

    method = ForeignKey(references=ShippingMethod, on_delete=OnDelete.cascade, db_column_name="method_id")
    position = Integer()
    max_weight_grams = Integer(null=True, default=None)
    max_subtotal = BigInt(null=True, default=None)
    price = BigInt()


class ShippingShipment(Table, tablename="shipping_shipment"):
    """A parcel of an order from one warehouse, with copies of its order's address and method."""

    id = UUID(primary_key=True)
    order_id = UUID()
    order_number = Varchar(length=50, null=True, default=None)
    warehouse = Varchar(length=50)
    method_id = UUID(null=True, default=None)
    method_name = Varchar(length=100)
    carrier = Varchar(length=64)
    service = Varchar(length=100, null=True, default=None)
    currency = Varchar(length=3)
    destination = JSONB(null=True, default=None)
    lines = JSONB()
    weight_grams = Integer()
    status = Varchar(length=20)
    tracking_number = Varchar(length=100, null=True, default=None)
    reference = Varchar(length=200, null=True, default=None)
    tracker = Varchar(length=200, null=True, default=None)
    label_url = Text(null=True, default=None)
    label_media_type = Varchar(length=100, null=True, default=None)
    label_document = Bytea(null=True, default=None)
    created_at = Timestamptz()
    labelled_at = Timestamptz(null=True, default=None)
    shipped_at = Timestamptz(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)
    polled_at = Timestamptz(null=True, default=None)


class ShippingTrackingEvent(Table, tablename="shipping_tracking_event"):
    shipment = ForeignKey(
        references=ShippingShipment, on_delete=OnDelete.cascade, db_column_name="shipment_id"
    )
    key = Varchar(length=200)
    status = Varchar(length=20)
    description = Varchar(length=500, null=True, default=None)
    at = Timestamptz()
    source = Varchar(length=100)
    recorded_at = Timestamptz()


class ShippingWebhookEvent(Table, tablename="shipping_webhook_event"):
    """A carrier's webhook event received, so its replay is dropped."""

    carrier = Varchar(length=64)
    event_id = Varchar(length=200)
    received_at = Timestamptz()


class ShippingDeliveryReport(Table, tablename="shipping_delivery_report"):
    """An order whose shipments are all delivered, until the orders domain has been told."""

    order_id = UUID(primary_key=True)
    state = Varchar(length=10)
    attempts = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz()


TABLES: list[type[Table]] = [
    ShippingZone,
    ShippingMethod,
    ShippingRate,
    ShippingShipment,
    ShippingTrackingEvent,
    ShippingWebhookEvent,
    ShippingDeliveryReport,
]
