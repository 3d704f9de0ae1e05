"""A method's bands are measured on its basis: the parcel's weight, the goods' subtotal, or one flat price;
free_over still makes it free from that subtotal on."""

from __future__ import annotations

from uuid import uuid4

import pytest

from adapters.shipping.table_rate import TableRateCarrier
from core.validation import Findings
from domains.shipping.messages import CreateMethod, Method, Parcel, ShippingRate
from domains.shipping.model import ShippingMethod, charged, price_of

BY_SUBTOTAL = [
    ShippingRate(max_subtotal=2500, price=690),
    ShippingRate(max_subtotal=5000, price=390),
    ShippingRate(price=190),
]


def parcel(weight: int = 0, subtotal: int = 0) -> Parcel:
    return Parcel(country="DE", weight_grams=weight, subtotal=subtotal)


@pytest.mark.parametrize(
    ("subtotal", "price"), [(0, 690), (2500, 690), (2501, 390), (5000, 390), (10**9, 190)]
)
def test_a_subtotal_band_charges_by_what_the_goods_cost_the_last_band_open_ended(
    subtotal: int, price: int
) -> None:
    assert price_of("subtotal", BY_SUBTOTAL, parcel(weight=99_000, subtotal=subtotal)) == price


def test_subtotal_bands_all_bounded_refuse_a_dearer_basket() -> None:
    bounded = BY_SUBTOTAL[:2]

    assert price_of("subtotal", bounded, parcel(subtotal=5001)) is None


def test_a_flat_method_charges_its_one_price_for_any_parcel_and_free_over_still_applies() -> None:
    flat = [ShippingRate(price=499)]

    assert [price_of("flat", flat, parcel(weight=w, subtotal=s)) for w, s in ((0, 0), (50_000, 9_999))] == [
        499,
        499,
    ]
    assert charged(499, 5000, 5000) == 0


async def test_the_table_rate_carrier_prices_each_basis() -> None:
    carrier = TableRateCarrier()

    def method(basis: str, rates: list[ShippingRate]) -> Method:
        return Method(
            id=uuid4(), zone_id=uuid4(), name="M", carrier="table_rate", rates=rates, free_over=None,
            currency="EUR", basis=basis,  # type: ignore[arg-type]
        )  # fmt: skip

    by_subtotal = await carrier.rate(method("subtotal", BY_SUBTOTAL), parcel(subtotal=3000))
    flat = await carrier.rate(method("flat", [ShippingRate(price=499)]), parcel(weight=80_000))

    assert by_subtotal is not None
    assert flat is not None
    assert [by_subtotal.amount, flat.amount] == [390, 499]


def problems(basis: str, rates: list[ShippingRate]) -> list[str]:
    checks = Findings()
    cmd = CreateMethod(zone_id=uuid4(), name="M", rates=rates, basis=basis)  # type: ignore[arg-type]
    ShippingMethod.create(cmd, "EUR", ["table_rate"], checks)
    return [error.field for error in checks]


@pytest.mark.parametrize(
    ("basis", "rates", "fields"),
    [
        ("subtotal", BY_SUBTOTAL, []),
        (
            "subtotal",
            [ShippingRate(price=1), ShippingRate(max_subtotal=10, price=1)],
            ["rates[0].max_subtotal"],
        ),
        (
            "subtotal",
            [ShippingRate(max_subtotal=10, price=1), ShippingRate(max_subtotal=10, price=1)],
            ["rates[1].max_subtotal"],
        ),
        (
            "subtotal",
            [ShippingRate(max_weight_grams=10, max_subtotal=10, price=1)],
            ["rates[0].max_weight_grams"],
        ),
        (
            "weight",
            [ShippingRate(max_subtotal=10, price=1)],
            ["rates[0].max_weight_grams", "rates[0].max_subtotal"],
        ),
        ("flat", [ShippingRate(price=1), ShippingRate(price=2)], ["rates"]),
        ("flat", [ShippingRate(max_weight_grams=5, price=1)], ["rates[0].max_weight_grams"]),
        ("flat", [ShippingRate(price=0)], []),
    ],
)
def test_a_methods_bands_must_fit_its_basis(basis: str, rates: list[ShippingRate], fields: list[str]) -> None:
    assert sorted(problems(basis, rates)) == sorted(fields)


def test_existing_weight_bands_read_and_encode_as_before() -> None:
    import msgspec

    band = ShippingRate(max_weight_grams=2000, price=490)

    assert msgspec.json.encode(band) == b'{"max_weight_grams":2000,"price":490}'
    assert msgspec.json.decode(b'{"max_weight_grams":2000,"price":490}', type=ShippingRate) == band
