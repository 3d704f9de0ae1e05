"""Zones and methods, free of I/O: what a valid zone and a valid method (its bands on its basis) are."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from core.countries import COUNTRIES
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
    RateBasis,
    ShippingRate,
    Zone,
    ZoneCreated,
    ZoneDeleted,
)
from domains.shipping.model.pricing import MAX_WEIGHT_GRAMS

MAX_NAME = 100
MAX_COUNTRIES = 300
MAX_BANDS = 50
MAX_SERVICE = 100
BASES = ("weight", "subtotal", "flat")


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
    basis: RateBasis = "weight"
    service: str | None = None
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
        if cmd.basis not in BASES:
            checks.add("basis", f"must be one of {', '.join(BASES)}")
        service = checks.text(cmd.service, "service", longest=MAX_SERVICE, required=False) or None
        method = cls(
            id=cmd.method_id,
            zone_id=cmd.zone_id,
            name=checks.text(cmd.name, "name", longest=MAX_NAME),
            carrier=cmd.carrier,
            rates=rates_of(cmd.rates, checks, cmd.basis),
            free_over=cmd.free_over,
            currency=currency,
            basis=cmd.basis,
            service=service,
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
            basis=self.basis,
            service=self.service,
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


def rates_of(
    rates: Sequence[ShippingRate], checks: Findings, basis: RateBasis = "weight"
) -> list[ShippingRate]:
    """Bands on ``basis``: by strictly increasing weight, or subtotal (the last may be open), or the
    one band of a flat price; prices are not negative."""
    if not rates:
        checks.add("rates", "needs at least one band")
    checks.at_most(rates, MAX_BANDS, "rates")
    if basis == "flat" and len(rates) > 1:
        checks.add("rates", "a flat method has one band: its price")
    bound = {"weight": "max_weight_grams", "subtotal": "max_subtotal"}.get(basis)
    for i, rate in enumerate(rates):
        for name in ("max_weight_grams", "max_subtotal"):
            if name != bound and getattr(rate, name) is not None:
                checks.add(f"rates[{i}].{name}", f"has no place in a band of a {basis} method")
        checks.amount(rate.price, f"rates[{i}].price")
    if basis == "weight":
        _increasing([r.max_weight_grams for r in rates], "max_weight_grams", MAX_WEIGHT_GRAMS, checks)
    elif basis == "subtotal":
        _increasing([r.max_subtotal for r in rates], "max_subtotal", MAX_AMOUNT, checks, open_end=True)
    return list(rates)


def _increasing(
    bounds: Sequence[int | None], name: str, most: int, checks: Findings, *, open_end: bool = False
) -> None:
    """Each band's bound above the one before (the first above zero); ``open_end``: the last may be None."""
    below = 0
    for i, bound in enumerate(bounds):
        field_name = f"rates[{i}].{name}"
        if bound is None:
            if not (open_end and i == len(bounds) - 1):
                checks.add(
                    field_name, "is required" + (" (only the last band may leave it out)" if open_end else "")
                )
        elif bound <= below:
            checks.add(
                field_name, "must be more than zero" if i == 0 else "must be more than the band before"
            )
        elif bound > most:
            checks.add(field_name, f"at most {most}")
        below = max(below, bound or 0)
