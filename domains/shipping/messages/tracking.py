"""Tracking: what carriers report of a parcel (by webhook or when asked), what staff record by hand
for a carrier that reports nothing, and what a shopper sees of an order's parcels.

Each report is kept once (a carrier's repeat is dropped); the shipment follows the
furthest status reported and never moves back. When every shipment of an order is
delivered, the order is (``orders.DeliverOrder``, actor ``carrier``).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from domains.shipping.messages.shipments import (
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    TrackingEvent,
    TrackingStatus,
)


class ParcelTracking(msgspec.Struct, frozen=True, kw_only=True):
    """One parcel of an order as its shopper sees it; ``events`` oldest first."""

    shipment_id: UUID
    carrier: str
    service: str | None
    tracking_number: str | None
    status: ShipmentStatus
    lines: list[ShipmentLine]
    shipped_at: datetime | None
    delivered_at: datetime | None
    events: list[TrackingEvent]


class OrderTracking(msgspec.Struct, frozen=True, kw_only=True):
    order_id: UUID
    shipments: list[ParcelTracking]


class WebhookReceipt(msgspec.Struct, frozen=True, kw_only=True):
    """What a carrier's webhook delivery did: ``duplicate`` when its event was seen before."""

    duplicate: bool
    updates: int


class RecordTracking(Command[Shipment], frozen=True, kw_only=True, tag="shipping.RecordTracking"):
    """Staff record a tracking event by hand, for a carrier that reports none (``table_rate``);
    Conflict for a carrier that tracks its parcels itself."""

    key_field = "shipment_id"
    shipment_id: UUID
    status: TrackingStatus
    description: str | None = None
    actor: str


class ReceiveTrackingWebhook(
    Command[WebhookReceipt], frozen=True, kw_only=True, tag="shipping.ReceiveTrackingWebhook"
):
    """A carrier's webhook, as it came: the carrier checks its signature (a bad one is a 400 and
    changes nothing), a repeat of an event already received is dropped."""

    carrier: str
    headers: dict[str, str]
    body: bytes


class GetOrderTracking(Query[OrderTracking], frozen=True, kw_only=True, tag="shipping.GetOrderTracking"):
    """The order's parcels with their tracking, for its customer or the guest holding its token
    (asked of ``orders.GetOrder``: another's order is NotFound)."""

    order_id: UUID
    customer_id: UUID | None
    order_token: str | None = None


class TrackingUpdated(Event, frozen=True, kw_only=True, tag="shipping.TrackingUpdated"):
    key_field = "order_id"
    shipment_id: UUID
    order_id: UUID
    status: TrackingStatus
    description: str | None
    at: datetime


class ShipmentDelivered(Event, frozen=True, kw_only=True, tag="shipping.ShipmentDelivered"):
    key_field = "order_id"
    shipment_id: UUID
    order_id: UUID
