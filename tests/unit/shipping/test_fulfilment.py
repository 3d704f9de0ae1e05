"""A paid order is split into shipments, one per warehouse its units come from; staff shipping the
order marks them shipped; labels are bought once, from the shipment's carrier."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import Conflict, Unavailable
from core.money import Money
from domains.orders.messages import OrderPaid, OrderShipped
from domains.shipping.handlers import fulfilment, labels
from domains.shipping.messages import BuyLabel, CreateMethod, CreateZone, GetShipmentLabel, ShippingRate
from domains.shipping.ports import ShippingDeps
from tests.support.fakes import Transactions
from tests.unit.shipping.fakes import FlatCarrier, SendingBus, world
from tests.unit.shipping.orders import answer_for

SPLIT = [("MAIN", "SKU-A", 2), ("EAST", "SKU-A", 1), ("EAST", "SKU-B", 1)]


@pytest.fixture
def deps() -> ShippingDeps:
    return world(flat=FlatCarrier(700))


async def method(deps: ShippingDeps, carrier: str = "table_rate") -> UUID:
    from domains.shipping.handlers import rates

    zone = await rates.create_zone(CreateZone(name=f"Z{uuid4().hex[:6]}", countries=["*"]), deps)
    rate = [ShippingRate(max_weight_grams=50_000, price=490)]
    made = await rates.create_method(
        CreateMethod(zone_id=zone.id, name="Standard", carrier=carrier, rates=rate), deps
    )
    return made.id


async def paid(
    deps: ShippingDeps, lines: list[tuple[str, str, int]] = SPLIT, carrier: str = "table_rate"
) -> UUID:
    order_id = uuid4()
    answer_for(bus(deps), lines, await method(deps, carrier))
    await fulfilment.when_order_paid_create_shipments(
        OrderPaid(order_id=order_id, amount=Money(amount=1, currency="EUR")), deps
    )
    return order_id


def bus(deps: ShippingDeps) -> SendingBus:
    assert isinstance(deps.bus, SendingBus)
    return deps.bus


def committed(deps: ShippingDeps) -> list[str]:
    assert isinstance(deps.uow, Transactions)
    return deps.uow.types()


async def test_a_paid_order_gets_one_shipment_per_warehouse_with_its_lines_address_and_weight(deps) -> None:
    order_id = await paid(deps)

    shipments = [s.view() for s in await deps.shipments.of_order(order_id)]

    assert [
        (s.warehouse, [(line.sku, line.quantity) for line in s.lines], s.weight_grams) for s in shipments
    ] == [
        ("EAST", [("SKU-A", 1), ("SKU-B", 1)], 500),
        ("MAIN", [("SKU-A", 2)], 1000),
    ]
    assert {(s.status, s.carrier, s.method_name, s.order_number) for s in shipments} == {
        ("pending", "table_rate", "Standard", "M-000042")
    }
    destination = shipments[0].destination
    assert destination is not None
    assert (destination.name, destination.line1, destination.postal_code, destination.city) == (
        "Ada Buyer",
        "Hauptstr. 1",
        "10115",
        "Berlin",
    )
    assert committed(deps).count("ShipmentCreated") == 2


async def test_the_same_order_paid_twice_gets_its_shipments_once(deps) -> None:
    order_id = await paid(deps)
    again = OrderPaid(order_id=order_id, amount=Money(amount=1, currency="EUR"))

    await fulfilment.when_order_paid_create_shipments(again, deps)

    assert len(await deps.shipments.of_order(order_id)) == 2
    assert committed(deps).count("ShipmentCreated") == 2


async def test_an_order_without_an_allocation_gets_no_shipment(deps) -> None:
    order_id = await paid(deps, lines=[])

    assert await deps.shipments.of_order(order_id) == []


async def test_staff_shipping_the_order_marks_its_shipments_shipped_never_moving_one_back(deps) -> None:
    order_id = await paid(deps)
    _, main = await deps.shipments.of_order(order_id)
    main.status = "delivered"
    await deps.shipments.save(main)

    await fulfilment.when_order_shipped_mark_shipped(
        OrderShipped(order_id=order_id, carrier=None, tracking_number=None), deps
    )

    assert [s.status for s in await deps.shipments.of_order(order_id)] == ["shipped", "delivered"]


async def test_a_table_rate_label_is_a_pdf_made_once_under_an_s10_tracking_number(deps) -> None:
    order_id = await paid(deps)
    shipment = (await deps.shipments.of_order(order_id))[1]
    buy = BuyLabel(shipment_id=shipment.id, actor="staff:1")

    first, again = await labels.buy_label(buy, deps), await labels.buy_label(buy, deps)
    document = await labels.get_shipment_label(GetShipmentLabel(shipment_id=shipment.id), deps)

    assert first.tracking_number == again.tracking_number
    assert first.tracking_number is not None
    assert first.tracking_number.startswith("CM")
    assert first.tracking_number.endswith("DE")
    assert (first.status, first.has_label) == ("labelled", True)
    assert document.content is not None
    assert document.content.startswith(b"%PDF")
    assert committed(deps).count("ShipmentLabelled") == 1


async def test_a_carrier_label_is_bought_under_the_reference_it_readied_and_kept(deps) -> None:
    order_id = await paid(deps, carrier="flat")
    shipment = (await deps.shipments.of_order(order_id))[0]
    carrier: Any = deps.carriers.get("flat")

    bought = await labels.buy_label(BuyLabel(shipment_id=shipment.id, actor="staff:1"), deps)
    stored = await deps.shipments.get(shipment.id)

    assert carrier.bought == [f"ref-{shipment.id}"]
    assert stored is not None
    assert stored.reference == f"ref-{shipment.id}"
    assert (bought.tracking_number, bought.label_url) == (
        f"FLAT-ref-{shipment.id}",
        "https://labels.example/1.pdf",
    )


async def test_a_carrier_that_cannot_be_reached_leaves_the_shipment_without_a_label(deps) -> None:
    order_id = await paid(deps, carrier="flat")
    shipment = (await deps.shipments.of_order(order_id))[0]
    carrier: Any = deps.carriers.get("flat")
    carrier.down = True

    with pytest.raises(Unavailable):
        await labels.buy_label(BuyLabel(shipment_id=shipment.id, actor="staff:1"), deps)

    stored = await deps.shipments.get(shipment.id)
    assert stored is not None
    assert (stored.status, stored.has_label, stored.tracking_number) == ("pending", False, None)
    assert "ShipmentLabelled" not in committed(deps)


async def test_a_delivered_shipment_gets_no_label(deps) -> None:
    order_id = await paid(deps)
    shipment = (await deps.shipments.of_order(order_id))[0]
    shipment.status = "delivered"
    await deps.shipments.save(shipment)

    with pytest.raises(Conflict):
        await labels.buy_label(BuyLabel(shipment_id=shipment.id, actor="staff:1"), deps)
