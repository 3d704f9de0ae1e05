"""HTTP request and response structs of the shipping domain, with the limits the server enforces.

Prices, subtotals and ``free_over`` are integers of minor units of the shop's default
currency. Replies are the contract's structs.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from core.controllers import Body
from core.money import Amount
from core.paging import Page
from domains.shipping import messages as m
from domains.shipping.model import MAX_BANDS, MAX_COUNTRIES, MAX_NAME, MAX_SERVICE, MAX_WEIGHT_GRAMS

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_NAME)]
CountryOrWorld = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([A-Z]{2}|\*)$",
        description='An upper-case ISO 3166 alpha-2 code such as DE, or "*" alone: the rest of the world',
    ),
]
Carrier = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=64, description="An installed carrier: table_rate and easypost built in"
    ),
]
Service = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=MAX_SERVICE,
        pattern=r"^[^\x00]*$",
        examples=["UPS:Ground", "USPS:Priority"],
        description="The carrier's service (`CARRIER:Service`, or a service name); left out: its cheapest",
    ),
]


class ZoneCreate(Body, frozen=True, kw_only=True):
    """A zone of countries; ``["*"]`` serves every country no other zone lists."""

    name: Name
    countries: Annotated[list[CountryOrWorld], msgspec.Meta(min_length=1, max_length=MAX_COUNTRIES)]


class RateBody(Body, frozen=True, kw_only=True):
    """A band: ``max_weight_grams`` on the weight basis, ``max_subtotal`` on the subtotal basis (the last
    band may leave it out: any subtotal above), neither on a flat method."""

    max_weight_grams: (
        Annotated[
            int, msgspec.Meta(ge=1, le=MAX_WEIGHT_GRAMS, description="parcels up to this weight, in grams")
        ]
        | None
    ) = None
    max_subtotal: Annotated[Amount, msgspec.Meta(description="goods worth up to this subtotal")] | None = None
    price: Amount


class MethodCreate(Body, frozen=True, kw_only=True):
    """A method of a zone, priced in the shop's default currency by bands on its ``basis``: by weight
    (lightest first; a parcel heavier than the last band cannot go by it), by subtotal (smallest
    first), or one flat price; ``free_over`` makes it free from that subtotal on. A carrier other than
    table_rate prices it live, by its ``service``."""

    zone_id: UUID
    name: Name
    carrier: Carrier = "table_rate"
    basis: m.RateBasis = "weight"
    rates: Annotated[
        list[RateBody],
        msgspec.Meta(
            min_length=1, max_length=MAX_BANDS, description="by strictly increasing weight or subtotal"
        ),
    ]
    free_over: (
        Annotated[Amount, msgspec.Meta(description="a subtotal at or above it ships for nothing")] | None
    ) = None
    service: Service | None = None


class TrackingRecord(Body, frozen=True, kw_only=True):
    """A tracking event staff record by hand (for a carrier that reports none)."""

    status: m.TrackingStatus
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=r"^[^\x00]*$")] | None = (
        None
    )


Zone = m.Zone
ZonePage = Page[m.Zone]
Method = m.Method
MethodPage = Page[m.Method]
ShippingOption = m.ShippingOption
Shipment = m.Shipment
ShipmentPage = Page[m.Shipment]
OrderTracking = m.OrderTracking
WebhookReceipt = m.WebhookReceipt
