"""The shipping domain's stores; each runs its queries in the unit of work open when it is called."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from datetime import datetime

    from domains.shipping.messages import LabelDocument, ShipmentStatus, TrackingEvent
    from domains.shipping.model import Label, ParcelShipment, ShippingMethod, ShippingZone

Position = list[Any]
ReportState = Literal["pending", "reported", "dropped"]


class Zones(Protocol):
    async def add(self, zone: ShippingZone) -> None:
        """Store a new zone; ``Conflict`` naming ``name`` when the name is taken."""
        ...

    async def get(self, zone_id: UUID, *, lock: bool = False) -> ShippingZone | None: ...

    async def all(self) -> list[ShippingZone]: ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[ShippingZone], Position | None]:
        """By name, and the position after them if more follow."""
        ...

    async def delete(self, zone_id: UUID) -> None:
        """Remove the zone; ``Conflict`` while it has methods."""
        ...


class Methods(Protocol):
    async def add(self, method: ShippingMethod) -> None:
        """Store a new method; ``Conflict`` naming ``name`` when its zone has one of that name,
        ``Invalid`` naming ``zone_id`` when the zone is gone."""
        ...

    async def get(self, method_id: UUID) -> ShippingMethod | None: ...

    async def page(
        self, zone_id: UUID | None, limit: int, after: Position | None
    ) -> tuple[list[ShippingMethod], Position | None]:
        """Of the zone if given, by zone name and name, and the position after them if more follow."""
        ...

    async def of_zones(self, zone_ids: Sequence[UUID]) -> list[ShippingMethod]: ...

    async def delete(self, method_id: UUID) -> ShippingMethod | None: ...


class Shipments(Protocol):
    async def add(self, shipments: Sequence[ParcelShipment]) -> list[ParcelShipment]:
        """Store new shipments; those of an (order, warehouse) stored before are left out of the reply."""
        ...

    async def get(self, shipment_id: UUID, *, lock: bool = False) -> ParcelShipment | None: ...

    async def of_order(self, order_id: UUID, *, lock: bool = False) -> list[ParcelShipment]:
        """The order's shipments by warehouse, with their tracking; ``lock``: until the unit of work ends."""
        ...

    async def tracked(self, carrier: str, tracking_number: str | None, tracker: str | None) -> UUID | None:
        """The shipment of ``carrier`` known by this tracking number (or its tracker id)."""
        ...

    async def page(
        self, order_id: UUID | None, status: ShipmentStatus | None, limit: int, after: Position | None
    ) -> tuple[list[ParcelShipment], Position | None]:
        """Newest first, and the position after them if more follow."""
        ...

    async def save(self, shipment: ParcelShipment, label: Label | None = None) -> None:
        """Write the shipment's status and dates (and ``label``, its document included, when given)."""
        ...

    async def remember(self, shipment_id: UUID, reference: str) -> str:
        """Keep the carrier's reference of a label being bought, unless one is kept: the one kept."""
        ...

    async def label(self, shipment_id: UUID) -> LabelDocument | None: ...

    async def in_flight(self, carriers: Sequence[str], limit: int, now: datetime) -> list[ParcelShipment]:
        """Labelled shipments of these carriers not delivered yet, least recently asked about first;
        each is marked asked about at ``now``."""
        ...


class TrackingLog(Protocol):
    async def add(self, shipment_id: UUID, key: str, event: TrackingEvent) -> bool:
        """Keep the event under ``key``; False (nothing kept) when the shipment has one under it."""
        ...

    async def claim_webhook(self, carrier: str, event_id: str) -> bool:
        """Record a carrier's webhook event; False when it was received before."""
        ...


class DeliveryReports(Protocol):
    """Orders whose shipments are all delivered, until the orders domain has heard so."""

    async def expect(self, order_id: UUID) -> None: ...

    async def pending(self, limit: int) -> list[UUID]: ...

    async def settle(self, order_id: UUID, state: ReportState) -> None: ...
