"""A paid order is split into shipments, one per warehouse its units come from; staff shipping the
order marks them shipped (with the tracking number typed), delivering it marks them delivered,
cancelling or refunding it before shipment cancels them; labels are bought once, from the
shipment's carrier."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from core.errors import Conflict, Unavailable
from core.money import Money
from domains.orders.messages import (
    OrderCancelled,
    OrderDelivered,
    OrderFulfilmentCancelled,
    OrderPaid,
    OrderShipped,
)
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


async def test_the_tracking_number_staff_type_when_shipping_reaches_shipments_without_a_label(deps) -> None:
    order_id = await paid(deps)
    _, main = await deps.shipments.of_order(order_id)
    labelled = await labels.buy_label(BuyLabel(shipment_id=main.id, actor="staff:1"), deps)

    await fulfilment.when_order_shipped_mark_shipped(
        OrderShipped(order_id=order_id, carrier="table_rate", tracking_number="TRK1"), deps
    )

    shipped = {s.warehouse: s.view() for s in await deps.shipments.of_order(order_id)}
    assert (shipped["EAST"].status, shipped["EAST"].tracking_number) == ("shipped", "TRK1")
    assert (shipped["MAIN"].status, shipped["MAIN"].tracking_number) == ("shipped", labelled.tracking_number)


async def test_an_order_delivered_delivers_its_shipments_once_and_tells_orders_nothing(deps) -> None:
    order_id = await paid(deps)
    await fulfilment.when_order_shipped_mark_shipped(
        OrderShipped(order_id=order_id, carrier=None, tracking_number="TRK1"), deps
    )

    for _ in range(2):
        await fulfilment.when_order_delivered_mark_delivered(OrderDelivered(order_id=order_id), deps)

    shipments = [s.view() for s in await deps.shipments.of_order(order_id)]
    assert [(s.status, s.delivered_at is not None) for s in shipments] == [("delivered", True)] * 2
    assert committed(deps).count("ShipmentDelivered") == 2
    assert bus(deps).sent == []
    assert await deps.deliveries.pending(10) == []


async def cancel_by_cancellation(deps: ShippingDeps, order_id: UUID) -> None:
    event = OrderCancelled(order_id=order_id, customer_id=None, reason="changed my mind")
    await fulfilment.when_order_cancelled_cancel_shipments(event, deps)


async def cancel_by_full_refund(deps: ShippingDeps, order_id: UUID) -> None:
    event = OrderFulfilmentCancelled(order_id=order_id)
    await fulfilment.when_fulfilment_cancelled_cancel_shipments(event, deps)


@pytest.mark.parametrize("undo", [cancel_by_cancellation, cancel_by_full_refund])
async def test_an_order_cancelled_or_refunded_before_shipment_cancels_its_shipments_for_good(
    deps, undo
) -> None:
    order_id = await paid(deps)
    east, main = await deps.shipments.of_order(order_id)
    await labels.buy_label(BuyLabel(shipment_id=main.id, actor="staff:1"), deps)

    await undo(deps, order_id)
    await fulfilment.when_order_delivered_mark_delivered(OrderDelivered(order_id=order_id), deps)

    assert [s.status for s in await deps.shipments.of_order(order_id)] == ["cancelled", "cancelled"]
    with pytest.raises(Conflict):
        await labels.buy_label(BuyLabel(shipment_id=east.id, actor="staff:1"), deps)


async def test_a_shipment_gone_is_not_cancelled(deps) -> None:
    order_id = await paid(deps)
    await fulfilment.when_order_shipped_mark_shipped(
        OrderShipped(order_id=order_id, carrier=None, tracking_number=None), deps
    )

    await fulfilment.when_order_cancelled_cancel_shipments(
        OrderCancelled(order_id=order_id, customer_id=None, reason=None), deps
    )

    assert [s.status for s in await deps.shipments.of_order(order_id)] == ["shipped", "shipped"]


@pytest.mark.parametrize("status", ["cancelled", "refunded"])
async def test_an_order_undone_before_its_shipments_were_made_gets_none(deps, status) -> None:
    order_id = uuid4()
    answer_for(bus(deps), SPLIT, await method(deps), status=status)

    await fulfilment.when_order_paid_create_shipments(
        OrderPaid(order_id=order_id, amount=Money(amount=1, currency="EUR")), deps
    )

    assert await deps.shipments.of_order(order_id) == []
