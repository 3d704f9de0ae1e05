"""Shipping handlers over in-memory stores: staff set zones and methods, a parcel gets its options."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound, Unavailable
from domains.shipping.handlers import rates as handlers
from domains.shipping.messages import (
    CreateMethod,
    CreateZone,
    DeleteMethod,
    DeleteZone,
    GetShippingOption,
    ListMethods,
    ListZones,
    QuoteShipping,
    ShippingRate,
    Zone,
)
from domains.shipping.ports import ShippingDeps
from tests.support.fakes import Transactions
from tests.unit.shipping.fakes import FlatCarrier, world

BANDS = [ShippingRate(max_weight_grams=2000, price=490), ShippingRate(max_weight_grams=10000, price=990)]


@pytest.fixture
def deps() -> ShippingDeps:
    return world(flat=FlatCarrier(700), down=FlatCarrier(100, down=True))


async def zone(deps: ShippingDeps, name: str, *countries: str) -> Zone:
    return await handlers.create_zone(CreateZone(name=name, countries=list(countries)), deps)


async def method(deps: ShippingDeps, zone: Zone, name: str, **fields: object):
    cmd = CreateMethod(zone_id=zone.id, name=name, **{"rates": BANDS, **fields})  # type: ignore[arg-type]
    return await handlers.create_method(cmd, deps)


def quote(country: str, weight: int = 0, subtotal: int = 0) -> QuoteShipping:
    return QuoteShipping(country=country, weight_grams=weight, subtotal=subtotal)


async def test_options_are_the_covering_zones_methods_priced_by_weight_cheapest_first(deps) -> None:
    eu, world_zone = await zone(deps, "EU", "DE", "FR"), await zone(deps, "World", "*")
    await method(deps, eu, "Express", carrier="flat")
    await method(deps, eu, "Standard", free_over=5000)
    await method(deps, world_zone, "International", rates=[ShippingRate(max_weight_grams=5000, price=2500)])

    germany = await handlers.quote_shipping(quote("DE", weight=3000), deps)
    japan = await handlers.quote_shipping(quote("jp", weight=3000), deps)
    free = await handlers.quote_shipping(quote("DE", weight=3000, subtotal=5000), deps)

    assert [(o.name, o.price.amount, o.price.currency) for o in germany] == [
        ("Express", 700, "EUR"),
        ("Standard", 990, "EUR"),
    ]
    assert [(o.name, o.price.amount) for o in japan] == [("International", 2500)]
    assert [(o.name, o.price.amount) for o in free] == [("Standard", 0), ("Express", 700)]


async def test_a_method_that_cannot_carry_the_weight_or_whose_carrier_is_down_is_left_out(deps) -> None:
    eu = await zone(deps, "EU", "DE")
    await method(deps, eu, "Standard")
    await method(deps, eu, "Courier", carrier="down")

    assert await handlers.quote_shipping(quote("DE", weight=10001), deps) == []


async def test_one_option_is_refused_naming_the_method_when_it_does_not_ship_there_or_that_heavy(
    deps,
) -> None:
    eu = await zone(deps, "EU", "DE")
    standard = await method(deps, eu, "Standard")
    courier = await method(deps, eu, "Courier", carrier="down")

    option = await handlers.get_shipping_option(
        GetShippingOption(method_id=standard.id, country="DE", weight_grams=1500), deps
    )
    with pytest.raises(Invalid) as abroad:
        await handlers.get_shipping_option(GetShippingOption(method_id=standard.id, country="US"), deps)
    with pytest.raises(Invalid) as heavy:
        await handlers.get_shipping_option(
            GetShippingOption(method_id=standard.id, country="DE", weight_grams=20000), deps
        )
    with pytest.raises(NotFound):
        await handlers.get_shipping_option(GetShippingOption(method_id=uuid4(), country="DE"), deps)
    with pytest.raises(Unavailable):
        await handlers.get_shipping_option(GetShippingOption(method_id=courier.id, country="DE"), deps)

    assert (option.method_id, option.price.amount) == (standard.id, 490)
    assert [e.field for e in abroad.value.errors] == [e.field for e in heavy.value.errors] == ["method_id"]


async def test_a_bad_parcel_names_every_bad_field(deps) -> None:
    with pytest.raises(Invalid) as caught:
        await handlers.quote_shipping(QuoteShipping(country="XX", weight_grams=-1, subtotal=-1), deps)

    assert [e.field for e in caught.value.errors] == ["country", "weight_grams", "subtotal"]


async def test_a_method_needs_a_known_zone_and_carrier_and_stores_nothing_otherwise(deps) -> None:
    cmd = CreateMethod(zone_id=uuid4(), name="Standard", carrier="pigeon", rates=BANDS)

    with pytest.raises(Invalid) as caught:
        await handlers.create_method(cmd, deps)

    assert sorted(e.field for e in caught.value.errors) == ["carrier", "zone_id"]
    assert (await handlers.list_methods(ListMethods(), deps)).items == []


async def test_a_zone_with_methods_stays_until_they_are_deleted(deps) -> None:
    eu = await zone(deps, "EU", "DE")
    standard = await method(deps, eu, "Standard")

    with pytest.raises(Conflict):
        await handlers.delete_zone(DeleteZone(zone_id=eu.id), deps)
    await handlers.delete_method(DeleteMethod(method_id=standard.id), deps)
    await handlers.delete_zone(DeleteZone(zone_id=eu.id), deps)

    assert (await handlers.list_zones(ListZones(), deps)).items == []
    assert isinstance(deps.uow, Transactions)
    assert deps.uow.types() == ["ZoneCreated", "MethodCreated", "MethodDeleted", "ZoneDeleted"]


async def test_a_method_whose_carrier_was_uninstalled_is_no_longer_offered(deps) -> None:
    eu = await zone(deps, "EU", "DE")
    express = await method(deps, eu, "Express", carrier="flat")
    del deps.carriers.carriers["flat"]  # type: ignore[attr-defined]

    with pytest.raises(Invalid) as caught:
        await handlers.get_shipping_option(GetShippingOption(method_id=express.id, country="DE"), deps)

    assert await handlers.quote_shipping(quote("DE"), deps) == []
    assert [e.field for e in caught.value.errors] == ["method_id"]
