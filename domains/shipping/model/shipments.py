"""A shipment, free of I/O: a parcel of an order, and how it moves.

A shipment moves only forward, along ``RANK``: a label, staff's shipping, then what
the carrier reports (a report of a status it passed is kept in its history only).
Cancelled before it left, it moves no more.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from core.messages import Event
from domains.shipping.messages import (
    Destination,
    ParcelTracking,
    Shipment,
    ShipmentDelivered,
    ShipmentLabelled,
    ShipmentLine,
    ShipmentStatus,
    TrackingEvent,
    TrackingStatus,
    TrackingUpdated,
)

RANK: dict[ShipmentStatus, int] = {
    "pending": 0,
    "labelled": 1,
    "shipped": 2,
    "in_transit": 3,
    "out_for_delivery": 4,
    "failed": 5,
    "delivered": 6,
    "cancelled": 7,  # last: nothing moves a cancelled shipment
}
REACHES: dict[TrackingStatus, ShipmentStatus] = {
    "pre_transit": "labelled",
    "in_transit": "in_transit",
    "out_for_delivery": "out_for_delivery",
    "delivered": "delivered",
    "failure": "failed",
}
IN_FLIGHT: tuple[ShipmentStatus, ...] = ("labelled", "shipped", "in_transit", "out_for_delivery")
NOT_GONE: tuple[ShipmentStatus, ...] = ("pending", "labelled")


@dataclass(frozen=True)
class Dispatch:
    """What every shipment of an order shares: where it goes and how."""

    order_id: UUID
    order_number: str | None
    destination: Destination | None
    method_id: UUID | None
    method_name: str
    carrier: str
    service: str | None
    currency: str


@dataclass(frozen=True)
class Label:
    """A label as a carrier made it: a document we keep, or the carrier's ``url`` for it."""

    tracking_number: str
    reference: str | None = None  # the carrier's id of the parcel (EasyPost: shp_...)
    tracker: str | None = None  # the carrier's id of its tracking (EasyPost: trk_...)
    service: str | None = None
    url: str | None = None
    document: bytes | None = None
    media_type: str = "application/pdf"


@dataclass
class ParcelShipment:
    id: UUID
    dispatch: Dispatch
    warehouse: str
    lines: list[ShipmentLine]
    weight_grams: int
    created_at: datetime
    status: ShipmentStatus = "pending"
    tracking_number: str | None = None
    reference: str | None = None
    tracker: str | None = None
    label_url: str | None = None
    has_label: bool = False
    labelled_at: datetime | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    tracking: list[TrackingEvent] = field(default_factory=list)
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @property
    def order_id(self) -> UUID:
        return self.dispatch.order_id

    def labelled(self, label: Label, now: datetime) -> None:
        """Keep the carrier's label; a pending shipment becomes labelled."""
        self.tracking_number, self.reference, self.tracker = (
            label.tracking_number,
            label.reference,
            label.tracker,
        )
        self.label_url, self.has_label, self.labelled_at = label.url, True, now
        if label.service:
            self.dispatch = replace(self.dispatch, service=label.service)
        self._reach("labelled", now)
        self.events.append(
            ShipmentLabelled(
                shipment_id=self.id,
                order_id=self.order_id,
                carrier=self.dispatch.carrier,
                tracking_number=label.tracking_number,
            )
        )

    def ship(self, tracking_number: str | None, now: datetime) -> bool:
        """Staff shipped the order, typing ``tracking_number`` (kept unless a label gave it one: the
        carrier tracks the parcel by the label's); True when that changed this shipment."""
        numbered = tracking_number is not None and self.tracking_number is None
        if numbered:
            self.tracking_number = tracking_number
        return self._reach("shipped", now) or numbered

    def deliver(self, now: datetime) -> bool:
        """Staff delivered the order (every parcel arrived); True when that moved this shipment."""
        return self._reach("delivered", now)

    def cancel(self) -> bool:
        """Its order will not ship: a shipment not gone yet is cancelled; True when it was."""
        if self.status not in NOT_GONE:
            return False
        self.status = "cancelled"
        return True

    def track(self, event: TrackingEvent, now: datetime) -> bool:
        """A new tracking event: kept, and followed if it goes further; True when the status moved."""
        self.tracking.append(event)
        self.tracking.sort(key=lambda known: known.at)
        self.events.append(
            TrackingUpdated(
                shipment_id=self.id,
                order_id=self.order_id,
                status=event.status,
                description=event.description,
                at=event.at,
            )
        )
        return self._reach(REACHES[event.status], now)

    def _reach(self, status: ShipmentStatus, now: datetime) -> bool:
        if RANK[status] <= RANK[self.status]:
            return False
        self.status = status
        if status in ("shipped", "in_transit", "out_for_delivery", "delivered") and self.shipped_at is None:
            self.shipped_at = now
        if status == "delivered":
            self.delivered_at = now
            self.events.append(ShipmentDelivered(shipment_id=self.id, order_id=self.order_id))
        return True

    def view(self) -> Shipment:
        d = self.dispatch
        return Shipment(
            id=self.id,
            order_id=d.order_id,
            order_number=d.order_number,
            warehouse=self.warehouse,
            method_id=d.method_id,
            method_name=d.method_name,
            carrier=d.carrier,
            service=d.service,
            status=self.status,
            lines=list(self.lines),
            weight_grams=self.weight_grams,
            destination=d.destination,
            tracking_number=self.tracking_number,
            label_url=self.label_url,
            has_label=self.has_label,
            created_at=self.created_at,
            labelled_at=self.labelled_at,
            shipped_at=self.shipped_at,
            delivered_at=self.delivered_at,
            tracking=list(self.tracking),
        )

    def parcel(self) -> ParcelTracking:
        """The shipment as its shopper sees it."""
        return ParcelTracking(
            shipment_id=self.id,
            carrier=self.dispatch.carrier,
            service=self.dispatch.service,
            tracking_number=self.tracking_number,
            status=self.status,
            lines=list(self.lines),
            shipped_at=self.shipped_at,
            delivered_at=self.delivered_at,
            events=list(self.tracking),
        )
