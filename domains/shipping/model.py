"""The shipping domain's rules, free of I/O: what a valid zone and method are, which zones
serve a country, and what a weight band and ``free_over`` make a parcel cost.

A country is served by the zones that list it; only when none does, by the zones of
the rest of the world (``["*"]``). A parcel costs the price of the first band whose
``max_weight_grams`` covers its weight; heavier than every band, the method cannot
carry it. A subtotal at or above ``free_over`` ships for nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from core.countries import COUNTRIES, postal_code_of
from core.messages import Event
from core.money import MAX_AMOUNT
from core.validation import Findings
from domains.shipping.messages import (
    REST_OF_WORLD,
    CreateMethod,
    CreateZone,
    Method,
    MethodCreated,
    MethodDeleted,
    Parcel,
    ShippingRate,
    Zone,
    ZoneCreated,
    ZoneDeleted,
)

MAX_NAME = 100
MAX_COUNTRIES = 300
MAX_BANDS = 50
MAX_WEIGHT_GRAMS = 10**9  # a thousand tonnes
MAX_POSTAL_CODE = 20


@dataclass
class ShippingZone:
    id: UUID
    name: str
    countries: list[str]
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(cls, cmd: CreateZone, checks: Findings) -> ShippingZone:
        """A new zone from ``cmd``; what is wrong with it is recorded in ``checks``."""
        name = checks.text(cmd.name, "name", longest=MAX_NAME)
        zone = cls(id=cmd.zone_id, name=name, countries=countries_of(cmd.countries, checks))
        zone.events.append(ZoneCreated(zone_id=zone.id, name=zone.name, countries=zone.countries))
        return zone

    def delete(self) -> None:
        self.events.append(ZoneDeleted(zone_id=self.id))

    def view(self) -> Zone:
        return Zone(id=self.id, name=self.name, countries=list(self.countries))


@dataclass
class ShippingMethod:
    id: UUID
    zone_id: UUID
    name: str
    carrier: str
    rates: list[ShippingRate]
    free_over: int | None
    currency: str
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls, cmd: CreateMethod, currency: str, carriers: Collection[str], checks: Findings
    ) -> ShippingMethod:
        """A new method priced in ``currency`` by one of ``carriers``; problems go to ``checks``."""
        if cmd.carrier not in carriers:
            checks.add("carrier", f"unknown carrier; known: {', '.join(sorted(carriers))}")
        if cmd.free_over is not None:
            checks.amount(cmd.free_over, "free_over")
        method = cls(
            id=cmd.method_id,
            zone_id=cmd.zone_id,
            name=checks.text(cmd.name, "name", longest=MAX_NAME),
            carrier=cmd.carrier,
            rates=rates_of(cmd.rates, checks),
            free_over=cmd.free_over,
            currency=currency,
        )
        method.events.append(
            MethodCreated(
                method_id=method.id, zone_id=method.zone_id, name=method.name, carrier=method.carrier
            )
        )
        return method

    def delete(self) -> None:
        self.events.append(MethodDeleted(method_id=self.id, zone_id=self.zone_id))

    def view(self) -> Method:
        return Method(
            id=self.id,
            zone_id=self.zone_id,
            name=self.name,
            carrier=self.carrier,
            rates=list(self.rates),
            free_over=self.free_over,
            currency=self.currency,
        )


def countries_of(countries: Sequence[str], checks: Findings) -> list[str]:
    """Upper-case ISO 3166 alpha-2 codes (repeats dropped), or ``["*"]`` alone."""
    if not countries:
        checks.add("countries", 'must list at least one country, or "*" for the rest of the world')
    checks.at_most(countries, MAX_COUNTRIES, "countries")
    for i, code in enumerate(countries):
        if code != REST_OF_WORLD and code not in COUNTRIES:
            checks.add(f"countries[{i}]", "must be an upper-case ISO 3166 two-letter code such as DE, or *")
    if REST_OF_WORLD in countries and len(set(countries)) > 1:
        checks.add("countries", '"*" (the rest of the world) stands alone, without countries')
    return list(dict.fromkeys(countries))


def rates_of(rates: Sequence[ShippingRate], checks: Findings) -> list[ShippingRate]:
    """Weight bands by strictly increasing weight, with prices that are not negative."""
    if not rates:
        checks.add("rates", "needs at least one weight band")
    checks.at_most(rates, MAX_BANDS, "rates")
    below = 0
    for i, rate in enumerate(rates):
        weight = rate.max_weight_grams
        if weight <= below:
            message = "must be more than zero" if i == 0 else "must be more than the band before"
            checks.add(f"rates[{i}].max_weight_grams", message)
        elif weight > MAX_WEIGHT_GRAMS:
            checks.add(f"rates[{i}].max_weight_grams", f"at most {MAX_WEIGHT_GRAMS}")
        checks.amount(rate.price, f"rates[{i}].price")
        below = max(below, weight)
    return list(rates)


def parcel_of(country: str, postal_code: str | None, weight: int, subtotal: int, checks: Findings) -> Parcel:
    """The parcel to price, its country upper-cased and its postal code normalised."""
    code = checks.country(country)
    postal = None
    if postal_code is not None and postal_code.strip():
        if len(postal_code) > MAX_POSTAL_CODE:
            checks.add("postal_code", f"at most {MAX_POSTAL_CODE} characters")
        else:
            postal, problem = postal_code_of(postal_code, code)
            if problem:
                checks.add("postal_code", problem)
    if not 0 <= weight <= MAX_WEIGHT_GRAMS:
        checks.add("weight_grams", f"must be between 0 and {MAX_WEIGHT_GRAMS}")
    if not 0 <= subtotal <= MAX_AMOUNT:
        checks.add("subtotal", f"must be between 0 and {MAX_AMOUNT}")
    return Parcel(country=code, postal_code=postal, weight_grams=weight, subtotal=subtotal)


def covering(zones: Iterable[Zone], country: str) -> list[Zone]:
    """The zones serving ``country``: those listing it, else those of the rest of the world."""
    every = list(zones)
    listing = [zone for zone in every if country in zone.countries]
    return listing or [zone for zone in every if REST_OF_WORLD in zone.countries]


def band_price(rates: Sequence[ShippingRate], weight_grams: int) -> int | None:
    """The price of the first band covering ``weight_grams``; None when every band is lighter."""
    return next((rate.price for rate in rates if weight_grams <= rate.max_weight_grams), None)


def charged(price: int, free_over: int | None, subtotal: int) -> int:
    """What the shopper pays for shipping: nothing once ``subtotal`` reaches ``free_over``."""
    return 0 if free_over is not None and subtotal >= free_over else price
