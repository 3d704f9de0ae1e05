"""Orders follow their parcels' labels: the order shows the tracking number of the first label bought,
unless staff typed one, and staff shipping it without a number keep it."""

from __future__ import annotations

from uuid import uuid4

from domains.orders.handlers.lifecycle import fulfil_order, ship_order
from domains.orders.handlers.shipment_events import when_shipment_labelled_note_tracking
from domains.orders.messages import FulfilOrder, ShipOrder
from domains.shipping.messages import ShipmentLabelled
from tests.unit.orders.fakes import deps
from tests.unit.orders.returns_shop import ReturnsShop, placed


def labelled(order_id, number: str) -> ShipmentLabelled:
    return ShipmentLabelled(
        shipment_id=uuid4(), order_id=order_id, carrier="table_rate", tracking_number=number
    )


async def test_an_order_shows_its_first_labels_number_and_keeps_it_when_shipped_without_one() -> None:
    shop = ReturnsShop()
    built, orders, _, _ = deps(shop)
    order, _ = await placed(shop, built)

    await when_shipment_labelled_note_tracking(labelled(order.id, "CM1DE"), built)
    await when_shipment_labelled_note_tracking(labelled(order.id, "CM2DE"), built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)
    shipped = await ship_order(ShipOrder(order_id=order.id, actor="staff:1"), built)

    assert (shipped.carrier, shipped.tracking_number) == ("table_rate", "CM1DE")
    assert orders.rows[order.id].tracking_number == "CM1DE"


async def test_a_label_of_an_unknown_order_changes_nothing() -> None:
    shop = ReturnsShop()
    built, orders, _, _ = deps(shop)

    await when_shipment_labelled_note_tracking(labelled(uuid4(), "CM1DE"), built)

    assert orders.rows == {}
