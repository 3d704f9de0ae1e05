"""HTTP request and response structs of the shipping domain, with the limits the server enforces.

Prices and ``free_over`` are integers of minor units of the shop's default currency.
Replies are the contract's structs.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from core.controllers import Body
from core.money import Amount
from domains.shipping import messages as m
from domains.shipping.model import MAX_BANDS, MAX_COUNTRIES, MAX_NAME, MAX_WEIGHT_GRAMS

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_NAME)]
CountryOrWorld = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([A-Z]{2}|\*)$",
        description='An upper-case ISO 3166 alpha-2 code such as DE, or "*" alone: the rest of the world',
    ),
]
Carrier = Annotated[
    str, msgspec.Meta(min_length=1, max_length=64, description="An installed carrier: table_rate built in")
]


class ZoneCreate(Body, frozen=True, kw_only=True):
    """A zone of countries; ``["*"]`` serves every country no other zone lists."""

    name: Name
    countries: Annotated[list[CountryOrWorld], msgspec.Meta(min_length=1, max_length=MAX_COUNTRIES)]


class RateBody(Body, frozen=True, kw_only=True):
    max_weight_grams: Annotated[
        int, msgspec.Meta(ge=1, le=MAX_WEIGHT_GRAMS, description="parcels up to this weight, in grams")
    ]
    price: Amount


class MethodCreate(Body, frozen=True, kw_only=True):
    """A method of a zone, priced in the shop's default currency by weight band (lightest first);
    a parcel heavier than the last band cannot go by it."""

    zone_id: UUID
    name: Name
    carrier: Carrier = "table_rate"
    rates: Annotated[
        list[RateBody],
        msgspec.Meta(min_length=1, max_length=MAX_BANDS, description="by strictly increasing weight"),
    ]
    free_over: (
        Annotated[Amount, msgspec.Meta(description="a subtotal at or above it ships for nothing")] | None
    ) = None


Zone = m.Zone
Method = m.Method
ShippingOption = m.ShippingOption
