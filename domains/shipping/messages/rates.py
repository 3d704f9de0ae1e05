"""Zones, methods and what a parcel costs to ship.

A zone is a set of countries (ISO 3166 alpha-2), or ``["*"]``: the rest of the world,
serving the countries no other zone lists. A method of a zone is priced by a carrier
in the shop's default currency: ``table_rate`` by the method's own bands, on its
``basis`` (the parcel's weight, the goods' subtotal, or one flat price); a carrier
such as ``easypost`` by its live rates. It costs nothing once the subtotal reaches
``free_over``.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID, uuid4

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from core.paging import Page

REST_OF_WORLD = "*"
# What a method's bands are measured on: the parcel's weight, the goods' subtotal, or nothing (one price).
RateBasis = Literal["weight", "subtotal", "flat"]


class Zone(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    countries: list[str]  # ["*"]: every country no other zone lists


class ShippingRate(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A band of a method. Weight basis: parcels up to ``max_weight_grams`` (and above the band
    before) cost ``price``. Subtotal basis: goods worth up to ``max_subtotal`` (minor units; left
    out on the last band: any subtotal above) cost ``price``. Flat: the one band is a ``price``."""

    max_weight_grams: int | None = None
    price: int  # minor units of the method's currency
    max_subtotal: int | None = None


class Method(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    zone_id: UUID
    name: str
    carrier: str
    rates: list[ShippingRate]  # by increasing weight or subtotal
    free_over: int | None  # a subtotal at or above it ships for nothing
    currency: str
    basis: RateBasis = "weight"
    service: str | None = None  # the carrier's service, e.g. "UPS:Ground"; None: its cheapest


class ShippingOption(msgspec.Struct, frozen=True, kw_only=True):
    method_id: UUID
    name: str
    carrier: str
    price: Money


class Parcel(msgspec.Struct, frozen=True, kw_only=True):
    """What a carrier prices: where it goes, what it weighs, what the goods cost (minor units)."""

    country: str
    postal_code: str | None = None
    weight_grams: int = 0
    subtotal: int = 0


# Commands -----------------------------------------------------------------


class CreateZone(Command[Zone], frozen=True, kw_only=True, tag="shipping.CreateZone"):
    """Countries are upper-case ISO 3166 alpha-2 codes, or ``["*"]`` alone; the name is unique."""

    key_field = "zone_id"
    zone_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    countries: list[str]


class DeleteZone(Command[None], frozen=True, kw_only=True, tag="shipping.DeleteZone"):
    """Conflict while the zone still has methods."""

    key_field = "zone_id"
    zone_id: UUID


class CreateMethod(Command[Method], frozen=True, kw_only=True, tag="shipping.CreateMethod"):
    """``rates`` by strictly increasing weight or subtotal (per ``basis``; one band for ``flat``),
    priced in the shop's default currency."""

    key_field = "method_id"
    method_id: UUID = msgspec.field(default_factory=uuid4)
    zone_id: UUID
    name: str
    carrier: str = "table_rate"
    rates: list[ShippingRate]
    free_over: int | None = None
    basis: RateBasis = "weight"
    service: str | None = None


class DeleteMethod(Command[None], frozen=True, kw_only=True, tag="shipping.DeleteMethod"):
    key_field = "method_id"
    method_id: UUID


# Queries ------------------------------------------------------------------


class ListZones(Query[Page[Zone]], frozen=True, kw_only=True, tag="shipping.ListZones"):
    """A page of zones, by name."""

    limit: int = 20
    cursor: str | None = None


class ListMethods(Query[Page[Method]], frozen=True, kw_only=True, tag="shipping.ListMethods"):
    """A page of methods (of one zone when ``zone_id`` is given), by zone name and name."""

    zone_id: UUID | None = None
    limit: int = 20
    cursor: str | None = None


class QuoteShipping(Query[list[ShippingOption]], frozen=True, kw_only=True, tag="shipping.QuoteShipping"):
    """The methods whose zone covers ``country``, priced for this parcel, cheapest first.

    A method whose bands all weigh less than the parcel is left out, as is one whose
    carrier cannot be reached. Invalid naming the field for a bad country, postal
    code, weight or subtotal.
    """

    country: str
    postal_code: str | None = None
    weight_grams: int = 0
    subtotal: int = 0


class GetShippingOption(Query[ShippingOption], frozen=True, kw_only=True, tag="shipping.GetShippingOption"):
    """One method priced for this parcel: NotFound for an unknown method, Invalid naming
    ``method_id`` when it does not ship to the country or cannot carry the weight."""

    method_id: UUID
    country: str
    postal_code: str | None = None
    weight_grams: int = 0
    subtotal: int = 0


# Events -------------------------------------------------------------------


class ZoneCreated(Event, frozen=True, kw_only=True, tag="shipping.ZoneCreated"):
    key_field = "zone_id"
    zone_id: UUID
    name: str
    countries: list[str]


class ZoneDeleted(Event, frozen=True, kw_only=True, tag="shipping.ZoneDeleted"):
    key_field = "zone_id"
    zone_id: UUID


class MethodCreated(Event, frozen=True, kw_only=True, tag="shipping.MethodCreated"):
    key_field = "method_id"
    method_id: UUID
    zone_id: UUID
    name: str
    carrier: str


class MethodDeleted(Event, frozen=True, kw_only=True, tag="shipping.MethodDeleted"):
    key_field = "method_id"
    method_id: UUID
    zone_id: UUID
