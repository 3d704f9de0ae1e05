"""What the shipping handlers need: their stores, the carriers, the orders domain's word, a clock.

``carriers`` is the carrier port (``ports.carriers``); the stores are ``ports.stores``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from domains.shipping.ports.carriers import (
    Carriers,
    LabelRequest,
    ShippingCarrier,
    TrackedParcel,
    TrackingUpdate,
    WebhookDelivery,
)
from domains.shipping.ports.stores import (
    DeliveryReports,
    Methods,
    Position,
    ReportState,
    Shipments,
    TrackingLog,
    Zones,
)

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class ShippingDeps:
    """The second argument of every shipping handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    zones: Zones
    methods: Methods
    carriers: Carriers
    shipments: Shipments
    tracking: TrackingLog
    deliveries: DeliveryReports
    clock: Callable[[], datetime]
    default_currency: str = "EUR"
    poll_seconds: float = 300.0
    poll_batch: int = 100


__all__ = [
    "Carriers",
    "DeliveryReports",
    "LabelRequest",
    "Methods",
    "Position",
    "ReportState",
    "Shipments",
    "ShippingCarrier",
    "ShippingDeps",
    "TrackedParcel",
    "TrackingLog",
    "TrackingUpdate",
    "WebhookDelivery",
    "Zones",
]
