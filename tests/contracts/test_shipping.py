"""The contract of the shipping carrier port: every ShippingCarrier adapter must pass all of it.

Each adapter prices the fixture method below: bands up to 2 kg 4.90, up to 10 kg 9.90,
up to 30 kg 19.90 EUR, to any country. The ``table_rate`` adapter reads these bands from
the method itself; a third-party adapter adds a param to ``carrier`` that builds it
configured (or sandboxed) to charge the same, and nothing else. ``free_over`` is the
shipping domain's rule, applied after the carrier: a carrier ignores it.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from config.settings import Settings
from domains.shipping.messages import Method, Parcel, ShippingRate
from domains.shipping.ports import ShippingCarrier


def fixture_method(carrier: str, currency: str = "EUR") -> Method:
    return Method(
        id=uuid4(),
        zone_id=uuid4(),
        name="Standard",
        carrier=carrier,
        rates=[
            ShippingRate(max_weight_grams=2000, price=490),
            ShippingRate(max_weight_grams=10000, price=990),
            ShippingRate(max_weight_grams=30000, price=1990),
        ],
        free_over=10000,
        currency=currency,
    )


def table_rate() -> ShippingCarrier:
    from adapters.shipping import CARRIERS

    return CARRIERS.create("table_rate", Settings())


ADAPTERS: dict[str, Callable[[], ShippingCarrier]] = {"table_rate": table_rate}


@pytest.fixture(params=sorted(ADAPTERS))
def carrier(request: pytest.FixtureRequest) -> tuple[str, ShippingCarrier]:
    return request.param, ADAPTERS[request.param]()


def parcel(weight: int, country: str = "DE", subtotal: int = 0) -> Parcel:
    return Parcel(country=country, postal_code=None, weight_grams=weight, subtotal=subtotal)


async def test_a_parcel_costs_its_weight_band_in_the_methods_currency(carrier) -> None:
    name, adapter = carrier
    method = fixture_method(name)

    prices = [await adapter.rate(method, parcel(w)) for w in (0, 2000, 2001, 10000, 30000)]

    assert [(p.amount, p.currency) for p in prices if p] == [
        (490, "EUR"),
        (490, "EUR"),
        (990, "EUR"),
        (990, "EUR"),
        (1990, "EUR"),
    ]


async def test_a_parcel_heavier_than_every_band_cannot_go(carrier) -> None:
    name, adapter = carrier

    assert await adapter.rate(fixture_method(name), parcel(30001)) is None


async def test_free_over_is_left_to_the_shipping_domain(carrier) -> None:
    name, adapter = carrier

    price = await adapter.rate(fixture_method(name), parcel(500, subtotal=50000))

    assert price is not None
    assert price.amount == 490


async def test_a_method_in_another_currency_is_priced_in_it(carrier) -> None:
    name, adapter = carrier

    price = await adapter.rate(fixture_method(name, currency="USD"), parcel(500, country="US"))

    assert price is not None
    assert price.currency == "USD"


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.integers(min_value=0, max_value=40000), min_size=2, max_size=10),
    country=st.sampled_from(["DE", "FR", "US", "JP"]),
)
async def test_a_heavier_parcel_never_costs_less_and_nothing_costs_below_zero(weights, country) -> None:
    for name, build in ADAPTERS.items():
        adapter, method = build(), fixture_method(name)
        priced = [(w, await adapter.rate(method, parcel(w, country))) for w in sorted(weights)]
        carried = [price.amount for _, price in priced if price is not None]

        assert carried == sorted(carried)
        assert all(amount >= 0 for amount in carried)
        assert all((price is None) == (w > 30000) for w, price in priced)
