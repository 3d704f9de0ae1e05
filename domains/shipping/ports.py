"""What the shipping handlers need: their stores and the carriers that price a parcel.

Stores run their queries in the unit of work open when they are called. The
carrier port is what carrier adapters implement (each passes
tests/contracts/test_shipping.py); ``table_rate`` prices by the method's weight bands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.money import Money
    from core.uow import UnitOfWorkFactory
    from domains.shipping.messages import Method, Parcel
    from domains.shipping.model import ShippingMethod, ShippingZone


class ShippingCarrier(Protocol):
    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        """What ``method`` charges to carry ``parcel``, in the method's currency, before ``free_over``;
        None when it cannot carry it (too heavy, no service there). ``core.errors.Unavailable``
        when the carrier cannot be reached."""
        ...


class Carriers(Protocol):
    """The carriers installed, by name (built in or added through entry points)."""

    def names(self) -> list[str]: ...

    def get(self, name: str) -> ShippingCarrier | None:
        """The carrier called ``name``, or None when none is installed under it."""
        ...


class Zones(Protocol):
    async def add(self, zone: ShippingZone) -> None:
        """Store a new zone; ``Conflict`` naming ``name`` when the name is taken."""
        ...

    async def get(self, zone_id: UUID, *, lock: bool = False) -> ShippingZone | None: ...

    async def all(self) -> list[ShippingZone]: ...

    async def delete(self, zone_id: UUID) -> None:
        """Remove the zone; ``Conflict`` while it has methods."""
        ...


class Methods(Protocol):
    async def add(self, method: ShippingMethod) -> None:
        """Store a new method; ``Conflict`` naming ``name`` when its zone has one of that name,
        ``Invalid`` naming ``zone_id`` when the zone is gone."""
        ...

    async def get(self, method_id: UUID) -> ShippingMethod | None: ...

    async def all(self, zone_id: UUID | None = None) -> list[ShippingMethod]: ...

    async def of_zones(self, zone_ids: Sequence[UUID]) -> list[ShippingMethod]: ...

    async def delete(self, method_id: UUID) -> ShippingMethod | None: ...


@dataclass(frozen=True)
class ShippingDeps:
    """The second argument of every shipping handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    zones: Zones
    methods: Methods
    carriers: Carriers
    default_currency: str = "EUR"
