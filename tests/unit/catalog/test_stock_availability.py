"""The catalogue's copy of stock: inventory's StockChanged sets a variant's availability, newest first."""

from __future__ import annotations

import pytest

from domains.catalog.handlers import products as handlers
from domains.catalog.handlers.stock import when_stock_changed_update_availability as on_stock
from domains.catalog.messages import CreateProduct, Money, NewVariant, VariantAvailabilityChanged
from domains.inventory.messages import StockChanged
from tests.unit.catalog.fakes import catalog


def mug(sku: str = "MUG-1") -> CreateProduct:
    return CreateProduct(name="Mug", variants=[NewVariant(sku=sku, price=Money(amount=1200, currency="EUR"))])


@pytest.fixture
def deps():
    return catalog()


async def test_stock_running_out_makes_the_variant_unavailable_and_the_product_out_of_stock(deps) -> None:
    created = await handlers.create_product(mug(), deps)

    await on_stock(StockChanged(sku="MUG-1", available=0, version=3), deps)

    stored = deps.products.rows[created.id]
    assert stored.variants[0].available is False
    assert stored.in_stock is False
    changed = deps.uow.of_type(VariantAvailabilityChanged)
    assert [(e.sku, e.available) for e in changed] == [("MUG-1", False)]
    assert deps.uow.types()[-1] == "ProductUpdated"


async def test_an_older_stock_change_arriving_late_changes_nothing(deps) -> None:
    created = await handlers.create_product(mug(), deps)
    await on_stock(StockChanged(sku="MUG-1", available=0, version=5), deps)
    events = len(deps.uow.committed)

    await on_stock(StockChanged(sku="MUG-1", available=7, version=4), deps)

    assert deps.products.rows[created.id].variants[0].available is False
    assert len(deps.uow.committed) == events


async def test_a_stock_change_that_keeps_the_flag_writes_no_product_event(deps) -> None:
    await handlers.create_product(mug(), deps)
    events = len(deps.uow.committed)

    await on_stock(StockChanged(sku="MUG-1", available=9, version=1), deps)

    assert len(deps.uow.committed) == events


async def test_a_variant_created_after_its_sku_ran_out_starts_unavailable(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=0, version=2), deps)

    created = await handlers.create_product(mug(), deps)

    assert created.variants[0].available is False
    assert created.in_stock is False
