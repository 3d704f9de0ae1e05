"""The carrier port: what a carrier adapter does for the shipping domain, and what it is given.

Each adapter passes tests/contracts/test_shipping.py. ``table_rate`` (built in) prices by
the method's own bands, makes a printable PDF label itself and reports no tracking (staff
record it by hand); a carrier such as ``easypost`` prices live, buys labels and reports
tracking by webhook and when asked. ``core.errors.Unavailable`` whenever the carrier
cannot be reached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.money import Money
    from domains.shipping.messages import Destination, Method, Parcel, ShipmentLine, TrackingStatus
    from domains.shipping.model import Label


@dataclass(frozen=True)
class LabelRequest:
    """A shipment a label is wanted for."""

    shipment_id: UUID
    order_number: str | None
    carrier: str
    service: str | None
    method_name: str
    currency: str
    warehouse: str  # its code
    origin_name: str
    origin_country: str | None
    destination: Destination
    weight_grams: int
    lines: list[ShipmentLine] = field(default_factory=list)


@dataclass(frozen=True)
class TrackedParcel:
    """What a carrier knows a labelled parcel by."""

    tracking_number: str
    reference: str | None = None
    tracker: str | None = None


@dataclass(frozen=True)
class TrackingUpdate:
    """One thing a carrier reports of a parcel, found by ``tracking_number`` (or ``tracker``);
    ``key`` tells it apart from the parcel's other reports, so a repeat is kept once."""

    key: str
    status: TrackingStatus
    description: str | None
    at: datetime
    tracking_number: str | None = None
    tracker: str | None = None


@dataclass(frozen=True)
class WebhookDelivery:
    """A verified webhook: the carrier's event id (a replay repeats it) and the updates it carries."""

    event_id: str | None
    updates: list[TrackingUpdate] = field(default_factory=list)


class ShippingCarrier(Protocol):
    # True: the carrier reports tracking itself (webhooks, polling); False: staff record it by hand.
    tracks_itself: bool

    async def rate(self, method: Method, parcel: Parcel) -> Money | None:
        """What ``method`` charges to carry ``parcel``, in the method's currency, before ``free_over``;
        None when it cannot carry it (too heavy, no service there)."""
        ...

    async def prepare_label(self, request: LabelRequest) -> str | None:
        """Ready a label without paying for it yet: the carrier's reference to buy it by (kept, so a
        retry buys that one and never a second), or None when there is nothing to ready."""
        ...

    async def buy_label(self, request: LabelRequest, reference: str | None) -> Label:
        """The label of the shipment, bought under ``reference`` (from ``prepare_label``); buying one
        already bought returns it. ``core.errors.Invalid`` when the carrier refuses the shipment."""
        ...

    async def track(self, parcel: TrackedParcel) -> list[TrackingUpdate]:
        """What the carrier reports of the parcel now (polling); [] when it reports nothing."""
        ...

    def read_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookDelivery:
        """Verify a webhook's signature (headers lower-cased) and read it. A bad or missing signature
        is a ``core.errors.DomainError`` (400); a carrier without webhooks raises ``NotFound``."""
        ...


class Carriers(Protocol):
    """The carriers installed, by name (built in or added through entry points)."""

    def names(self) -> list[str]: ...

    def get(self, name: str) -> ShippingCarrier | None:
        """The carrier called ``name``, or None when none is installed under it."""
        ...
