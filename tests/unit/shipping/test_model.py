"""Shipping's pure rules: which zones serve a country, what a weight band and free_over charge,
and what a valid zone and method are."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.validation import Findings
from domains.shipping.messages import CreateMethod, CreateZone, ShippingRate, Zone
from domains.shipping.model import (
    ShippingMethod,
    ShippingZone,
    band_price,
    charged,
    covering,
    parcel_of,
)

BANDS = [
    ShippingRate(max_weight_grams=2000, price=490),
    ShippingRate(max_weight_grams=10000, price=990),
    ShippingRate(max_weight_grams=30000, price=1990),
]


def zone(name: str, *countries: str) -> Zone:
    return Zone(id=uuid4(), name=name, countries=list(countries))


@pytest.mark.parametrize(
    ("weight", "price"),
    [(0, 490), (1, 490), (2000, 490), (2001, 990), (10000, 990), (10001, 1990), (30000, 1990)],
)
def test_a_parcel_costs_the_first_band_whose_weight_covers_it(weight: int, price: int) -> None:
    assert band_price(BANDS, weight) == price


def test_a_parcel_heavier_than_every_band_cannot_go() -> None:
    assert band_price(BANDS, 30001) is None
    assert band_price([], 0) is None


@pytest.mark.parametrize(
    ("subtotal", "free_over", "paid"),
    [(9999, 10000, 990), (10000, 10000, 0), (25000, 10000, 0), (10**9, None, 990), (0, 0, 0)],
)
def test_shipping_is_free_from_the_free_over_subtotal_on(
    subtotal: int, free_over: int | None, paid: int
) -> None:
    assert charged(990, free_over, subtotal) == paid


def test_a_country_is_served_by_every_zone_listing_it_and_not_by_the_rest_of_the_world() -> None:
    eu, dach, world = zone("EU", "DE", "FR"), zone("DACH", "DE", "AT", "CH"), zone("World", "*")

    assert covering([eu, dach, world], "DE") == [eu, dach]
    assert covering([eu, dach, world], "FR") == [eu]


def test_a_country_no_zone_lists_is_served_by_the_rest_of_the_world_or_not_at_all() -> None:
    eu, world = zone("EU", "DE", "FR"), zone("World", "*")

    assert covering([eu, world], "JP") == [world]
    assert covering([eu], "JP") == []


def test_a_zone_keeps_its_countries_once_each_in_order() -> None:
    checks = Findings()
    made = ShippingZone.create(CreateZone(name=" EU ", countries=["FR", "DE", "FR"]), checks)

    assert checks == []
    assert (made.name, made.countries) == ("EU", ["FR", "DE"])
    assert [type(e).__name__ for e in made.events] == ["ZoneCreated"]


@pytest.mark.parametrize(
    ("countries", "field"),
    [
        ([], "countries"),
        (["de"], "countries[0]"),
        (["DE", "XX"], "countries[1]"),
        (["DEU"], "countries[0]"),
        (["*", "DE"], "countries"),
    ],
)
def test_a_zone_needs_upper_case_iso_countries_or_the_rest_of_the_world_alone(
    countries: list[str], field: str
) -> None:
    checks = Findings()
    ShippingZone.create(CreateZone(name="Z", countries=countries), checks)

    assert field in [error.field for error in checks]


def method(**fields: object) -> tuple[ShippingMethod, list[str]]:
    checks = Findings()
    cmd = CreateMethod(**{"zone_id": uuid4(), "name": "Standard", "rates": BANDS, **fields})  # type: ignore[arg-type]
    made = ShippingMethod.create(cmd, "EUR", ["table_rate"], checks)
    return made, [error.field for error in checks]


def test_a_method_is_priced_in_the_currency_it_is_given() -> None:
    made, problems = method(free_over=10000)

    assert problems == []
    assert (made.currency, made.rates, made.free_over, made.carrier) == ("EUR", BANDS, 10000, "table_rate")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rates": []}, "rates"),
        ({"rates": [ShippingRate(max_weight_grams=0, price=100)]}, "rates[0].max_weight_grams"),
        ({"rates": [BANDS[1], BANDS[0]]}, "rates[1].max_weight_grams"),
        ({"rates": [BANDS[0], BANDS[0]]}, "rates[1].max_weight_grams"),
        ({"rates": [ShippingRate(max_weight_grams=100, price=-1)]}, "rates[0].price"),
        ({"free_over": -5}, "free_over"),
        ({"carrier": "pigeon"}, "carrier"),
        ({"name": "  "}, "name"),
    ],
)
def test_a_bad_method_names_the_field(fields: dict[str, object], field: str) -> None:
    _, problems = method(**fields)

    assert field in problems


def test_a_parcel_takes_any_case_of_country_and_checks_its_postal_code() -> None:
    checks = Findings()
    parcel = parcel_of("de", "10115", 500, 100, checks)
    parcel_of("DE", "ABC", -1, -1, checks)

    assert (parcel.country, parcel.postal_code) == ("DE", "10115")
    assert [e.field for e in checks] == ["postal_code", "weight_grams", "subtotal"]
