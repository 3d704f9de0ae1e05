"""What a parcel costs, free of I/O: which zones serve a country, what a method's bands charge on
its basis, and ``free_over``.

A country is served by the zones that list it; only when none does, by the zones of
the rest of the world (``["*"]``). A parcel costs the price of the first band whose
``max_weight_grams`` covers its weight (heavier than every band, the method cannot
carry it), or whose ``max_subtotal`` covers the goods' subtotal (the last band may
leave it out: any subtotal above); a ``flat`` method has one price. A subtotal at or
above ``free_over`` ships for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.countries import postal_code_of
from core.money import MAX_AMOUNT
from core.validation import Findings
from domains.shipping.messages import REST_OF_WORLD, Parcel, RateBasis, ShippingRate, Zone

MAX_WEIGHT_GRAMS = 10**9  # a thousand tonnes
MAX_POSTAL_CODE = 20


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
    return next(
        (r.price for r in rates if r.max_weight_grams is not None and weight_grams <= r.max_weight_grams),
        None,
    )


def subtotal_price(rates: Sequence[ShippingRate], subtotal: int) -> int | None:
    """The price of the first band covering ``subtotal`` (an open band covers any); None past them all."""
    return next((r.price for r in rates if r.max_subtotal is None or subtotal <= r.max_subtotal), None)


def price_of(basis: RateBasis, rates: Sequence[ShippingRate], parcel: Parcel) -> int | None:
    """What the method's bands charge for ``parcel`` (before ``free_over``); None when none covers it."""
    if basis == "subtotal":
        return subtotal_price(rates, parcel.subtotal)
    if basis == "flat":
        return rates[0].price if rates else None
    return band_price(rates, parcel.weight_grams)


def charged(price: int, free_over: int | None, subtotal: int) -> int:
    """What the shopper pays for shipping: nothing once ``subtotal`` reaches ``free_over``."""
    return 0 if free_over is not None and subtotal >= free_over else price
