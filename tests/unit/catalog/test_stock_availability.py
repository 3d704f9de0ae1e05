"""The catalogue's copy of stock: inventory's StockChanged sets a variant's availability, newest first."""

from __future__ import annotations

import pytest

from domains.catalog.handlers import products as handlers
from domains.catalog.handlers import variants as variant_handlers
from domains.catalog.handlers.stock import when_stock_changed_update_availability as on_stock
from domains.catalog.messages import (
    AddVariant,
    CreateProduct,
    Money,
    NewVariant,
    UpdateVariant,
    VariantAvailabilityChanged,
)
from domains.inventory.messages import StockChanged
from tests.unit.catalog.fakes import catalog


def mug(sku: str = "MUG-1") -> CreateProduct:
    return CreateProduct(name="Mug", variants=[NewVariant(sku=sku, price=Money(amount=1200, currency="EUR"))])


@pytest.fixture
def deps():
    return catalog()


async def test_stock_running_out_makes_the_variant_unavailable_and_the_product_out_of_stock(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=5, version=2), deps)
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

    await on_stock(StockChanged(sku="MUG-1", available=0, version=1), deps)

    assert len(deps.uow.committed) == events


async def test_a_variant_created_after_its_sku_ran_out_starts_unavailable(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=0, version=2), deps)

    created = await handlers.create_product(mug(), deps)

    assert created.variants[0].available is False
    assert created.in_stock is False


async def test_a_variant_whose_sku_inventory_never_stocked_starts_unavailable(deps) -> None:
    created = await handlers.create_product(mug(), deps)

    assert created.variants[0].available is False
    assert created.in_stock is False
    assert deps.products.rows[created.id].in_stock is False


async def test_stock_arriving_for_a_never_stocked_sku_puts_its_variant_on_sale(deps) -> None:
    created = await handlers.create_product(mug(), deps)

    await on_stock(StockChanged(sku="MUG-1", available=4, version=1), deps)

    stored = deps.products.rows[created.id]
    assert stored.variants[0].available is True
    assert stored.in_stock is True
    assert deps.uow.types()[-1] == "ProductUpdated"


async def test_a_variant_created_after_its_sku_was_stocked_starts_available(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=3, version=1), deps)

    created = await handlers.create_product(mug(), deps)

    assert created.variants[0].available is True
    assert created.in_stock is True


async def test_a_new_variant_without_stock_leaves_the_product_out_of_stock_of_it(deps) -> None:
    price = Money(amount=1200, currency="EUR")
    red = NewVariant(sku="MUG-RED", price=price, options={"colour": "red"})
    blue = NewVariant(sku="MUG-BLUE", price=price, options={"colour": "blue"})
    await on_stock(StockChanged(sku="MUG-RED", available=3, version=1), deps)
    created = await handlers.create_product(CreateProduct(name="Mug", variants=[red]), deps)

    added = await variant_handlers.add_variant(AddVariant(product_id=created.id, variant=blue), deps)

    assert [(v.sku, v.available) for v in added.variants] == [("MUG-RED", True), ("MUG-BLUE", False)]
    assert added.in_stock is True


async def test_staff_cannot_put_on_sale_a_variant_inventory_has_no_stock_of(deps) -> None:
    created = await handlers.create_product(mug(), deps)
    variant = created.variants[0]

    updated = await variant_handlers.update_variant(
        UpdateVariant(product_id=created.id, variant_id=variant.id, available=True), deps
    )

    assert updated.variants[0].available is False
    assert updated.in_stock is False


async def test_staff_take_a_stocked_variant_off_sale_and_put_it_back(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=3, version=1), deps)
    created = await handlers.create_product(mug(), deps)
    variant = created.variants[0]

    off = await variant_handlers.update_variant(
        UpdateVariant(product_id=created.id, variant_id=variant.id, available=False), deps
    )
    back = await variant_handlers.update_variant(
        UpdateVariant(product_id=created.id, variant_id=variant.id, available=True), deps
    )

    assert (off.in_stock, back.in_stock) == (False, True)


async def test_a_variant_moved_to_a_never_stocked_sku_is_unavailable(deps) -> None:
    await on_stock(StockChanged(sku="MUG-1", available=3, version=1), deps)
    created = await handlers.create_product(mug(), deps)
    variant = created.variants[0]

    moved = await variant_handlers.update_variant(
        UpdateVariant(product_id=created.id, variant_id=variant.id, sku="MUG-2"), deps
    )

    assert moved.variants[0].available is False
