"""The shipping domain's public contract: the one module other domains import.

Split by subject: ``rates`` (zones, methods and what a parcel costs), ``shipments``
(the parcels a paid order leaves in, and their labels) and ``tracking`` (what
carriers and staff report of them, and what a shopper sees).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.shipping.messages import rates, shipments, tracking
from domains.shipping.messages.rates import (
    REST_OF_WORLD,
    CreateMethod,
    CreateZone,
    DeleteMethod,
    DeleteZone,
    GetShippingOption,
    ListMethods,
    ListZones,
    Method,
    MethodCreated,
    MethodDeleted,
    Parcel,
    QuoteShipping,
    RateBasis,
    ShippingOption,
    ShippingRate,
    Zone,
    ZoneCreated,
    ZoneDeleted,
)
from domains.shipping.messages.shipments import (
    BuyLabel,
    Destination,
    GetShipment,
    GetShipmentLabel,
    LabelDocument,
    ListShipments,
    Shipment,
    ShipmentCreated,
    ShipmentLabelled,
    ShipmentLine,
    ShipmentStatus,
    TrackingEvent,
    TrackingStatus,
)
from domains.shipping.messages.tracking import (
    GetOrderTracking,
    OrderTracking,
    ParcelTracking,
    ReceiveTrackingWebhook,
    RecordTracking,
    ShipmentDelivered,
    TrackingUpdated,
    WebhookReceipt,
)

COMMANDS, QUERIES, EVENTS = declared_in(rates, shipments, tracking)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "REST_OF_WORLD",
    "BuyLabel",
    "CreateMethod",
    "CreateZone",
    "DeleteMethod",
    "DeleteZone",
    "Destination",
    "GetOrderTracking",
    "GetShipment",
    "GetShipmentLabel",
    "GetShippingOption",
    "LabelDocument",
    "ListMethods",
    "ListShipments",
    "ListZones",
    "Method",
    "MethodCreated",
    "MethodDeleted",
    "OrderTracking",
    "Parcel",
    "ParcelTracking",
    "QuoteShipping",
    "RateBasis",
    "ReceiveTrackingWebhook",
    "RecordTracking",
    "Shipment",
    "ShipmentCreated",
    "ShipmentDelivered",
    "ShipmentLabelled",
    "ShipmentLine",
    "ShipmentStatus",
    "ShippingOption",
    "ShippingRate",
    "TrackingEvent",
    "TrackingStatus",
    "TrackingUpdated",
    "WebhookReceipt",
    "Zone",
    "ZoneCreated",
    "ZoneDeleted",
]
