"""Shipments: the parcels a paid order leaves in, one per warehouse of its allocation, and their labels.

A shipment is ``pending`` until its label is bought (``labelled``), ``shipped`` once staff
ship the order (taking the tracking number they typed if it has none), then follows its
carrier's tracking: ``in_transit``, ``out_for_delivery``, ``delivered`` (or ``failed``); staff
delivering the order deliver it too. It never moves back: a late or repeated tracking event
is recorded in its history and changes nothing else. One not gone yet is ``cancelled`` with
its order (cancelled, or refunded in full before shipment), and then stays so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page

ShipmentStatus = Literal[
    "pending", "labelled", "shipped", "in_transit", "out_for_delivery", "delivered", "failed", "cancelled"
]
# What a carrier (or staff, for a carrier that reports nothing) says happened to a parcel.
TrackingStatus = Literal["pre_transit", "in_transit", "out_for_delivery", "delivered", "failure"]


class Destination(msgspec.Struct, frozen=True, kw_only=True):
    """Where a shipment goes: a copy of the order's shipping address."""

    name: str | None = None
    line1: str
    line2: str | None = None
    city: str
    region: str | None = None
    postal_code: str
    country: str
    phone: str | None = None


class ShipmentLine(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    quantity: int


class TrackingEvent(msgspec.Struct, frozen=True, kw_only=True):
    status: TrackingStatus
    description: str | None
    at: datetime
    source: str  # "carrier:<name>" or "staff:<id>"


class Shipment(msgspec.Struct, frozen=True, kw_only=True):
    """A parcel of an order as staff see it; ``tracking`` oldest first."""

    id: UUID
    order_id: UUID
    order_number: str | None
    warehouse: str
    method_id: UUID | None
    method_name: str
    carrier: str
    service: str | None
    status: ShipmentStatus
    lines: list[ShipmentLine]
    weight_grams: int
    destination: Destination | None
    tracking_number: str | None
    label_url: str | None  # where the carrier keeps the label, when it does
    has_label: bool
    created_at: datetime
    labelled_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    tracking: list[TrackingEvent]


class LabelDocument(msgspec.Struct, frozen=True, kw_only=True):
    """A shipment's label: its printable document, or the carrier's address for it."""

    shipment_id: UUID
    tracking_number: str
    media_type: str
    content: bytes | None
    url: str | None


class BuyLabel(Command[Shipment], frozen=True, kw_only=True, tag="shipping.BuyLabel"):
    """Buy (or make) the shipment's label from its carrier; a shipment with a label keeps it and
    answers as it is. Unavailable when the carrier cannot be reached (nothing is recorded)."""

    key_field = "shipment_id"
    shipment_id: UUID
    actor: str


class ListShipments(Query[Page[Shipment]], frozen=True, kw_only=True, tag="shipping.ListShipments"):
    """Shipments, newest first: of one order, or of one status, or all."""

    order_id: UUID | None = None
    status: ShipmentStatus | None = None
    limit: int = 20
    cursor: str | None = None


class GetShipment(Query[Shipment], frozen=True, kw_only=True, tag="shipping.GetShipment"):
    shipment_id: UUID


class GetShipmentLabel(Query[LabelDocument], frozen=True, kw_only=True, tag="shipping.GetShipmentLabel"):
    """NotFound for an unknown shipment or one without a label yet."""

    shipment_id: UUID


class ShipmentCreated(Event, frozen=True, kw_only=True, tag="shipping.ShipmentCreated"):
    key_field = "order_id"
    shipment_id: UUID
    order_id: UUID


class ShipmentLabelled(Event, frozen=True, kw_only=True, tag="shipping.ShipmentLabelled"):
    key_field = "order_id"
    shipment_id: UUID
    order_id: UUID
    carrier: str
    tracking_number: str
