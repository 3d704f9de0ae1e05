"""Tracking moves shipments forward only; replays are dropped; when every shipment of an order is
delivered the order is told (``orders.DeliverOrder``, actor carrier), now or by the worker later."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import pytest

from core.errors import Conflict, DomainError, NotFound
from domains.orders.messages import DeliverOrder, GetOrder, OrderCancelled
from domains.shipping.handlers import following, fulfilment, labels, tracking
from domains.shipping.messages import (
    BuyLabel,
    GetOrderTracking,
    ReceiveTrackingWebhook,
    RecordTracking,
)
from domains.shipping.ports import ShippingDeps
from tests.unit.shipping.fakes import FlatCarrier, update, world
from tests.unit.shipping.orders import order_view
from tests.unit.shipping.test_fulfilment import bus, committed, paid


@pytest.fixture
def deps() -> ShippingDeps:
    return world(flat=FlatCarrier(700))


async def record(deps: ShippingDeps, shipment_id: UUID, status: str) -> Any:
    return await tracking.record_tracking(
        RecordTracking(shipment_id=shipment_id, status=status, actor="staff:7"),  # type: ignore[arg-type]
        deps,
    )


def webhook(event_id: str, *items: tuple[Any, ...], signature: str = "ok") -> ReceiveTrackingWebhook:
    body = json.dumps([event_id, [list(item) for item in items]]).encode()
    return ReceiveTrackingWebhook(carrier="flat", headers={"X-Sig": signature}, body=body)


async def labelled(deps: ShippingDeps) -> tuple[UUID, str]:
    order_id = await paid(deps, lines=[("MAIN", "SKU-A", 1)], carrier="flat")
    shipment = (await deps.shipments.of_order(order_id))[0]
    view = await labels.buy_label(BuyLabel(shipment_id=shipment.id, actor="staff:1"), deps)
    assert view.tracking_number is not None
    return order_id, view.tracking_number


async def test_the_order_is_delivered_once_staff_record_every_shipment_delivered(deps) -> None:
    order_id = await paid(deps)
    east, main = await deps.shipments.of_order(order_id)

    moving = await record(deps, east.id, "in_transit")
    half = await record(deps, east.id, "delivered")
    sent_before = list(bus(deps).sent)
    done = await record(deps, main.id, "delivered")

    assert (moving.status, half.status, done.status) == ("in_transit", "delivered", "delivered")
    assert sent_before == []
    assert bus(deps).sent == [DeliverOrder(order_id=order_id, actor="carrier")]
    assert [(e.status, e.source) for e in half.tracking] == [
        ("in_transit", "staff:7"),
        ("delivered", "staff:7"),
    ]
    assert committed(deps).count("ShipmentDelivered") == 2
    assert committed(deps).count("TrackingUpdated") == 3


async def test_staff_record_no_tracking_for_a_carrier_that_tracks_its_parcels(deps) -> None:
    order_id = await paid(deps, carrier="flat")
    shipment = (await deps.shipments.of_order(order_id))[0]

    with pytest.raises(Conflict) as refused:
        await record(deps, shipment.id, "delivered")

    assert [e.field for e in refused.value.errors] == ["status"]


async def test_staff_record_no_tracking_for_a_shipment_cancelled_with_its_order(deps) -> None:
    order_id = await paid(deps)
    await fulfilment.when_order_cancelled_cancel_shipments(
        OrderCancelled(order_id=order_id, customer_id=None, reason=None), deps
    )
    shipment = (await deps.shipments.of_order(order_id))[0]

    with pytest.raises(Conflict) as refused:
        await record(deps, shipment.id, "delivered")

    assert [e.field for e in refused.value.errors] == ["status"]
    assert [s.status for s in await deps.shipments.of_order(order_id)] == ["cancelled", "cancelled"]
    assert bus(deps).sent == []


async def test_a_replayed_webhook_is_dropped_and_a_late_report_never_moves_a_shipment_back(deps) -> None:
    order_id, number = await labelled(deps)

    first = await tracking.receive_tracking_webhook(webhook("evt_1", (number, "delivered", "d", 60)), deps)
    replay = await tracking.receive_tracking_webhook(webhook("evt_1", (number, "delivered", "d", 60)), deps)
    late = await tracking.receive_tracking_webhook(webhook("evt_2", (number, "in_transit", "t", 10)), deps)
    shipment = (await deps.shipments.of_order(order_id))[0]

    assert (first.duplicate, replay.duplicate, late.duplicate) == (False, True, False)
    assert shipment.status == "delivered"
    assert [e.status for e in shipment.tracking] == ["in_transit", "delivered"]
    assert bus(deps).sent == [DeliverOrder(order_id=order_id, actor="carrier")]


async def test_a_webhook_with_a_bad_signature_changes_nothing(deps) -> None:
    order_id, number = await labelled(deps)
    before = committed(deps)

    with pytest.raises(DomainError) as refused:
        await tracking.receive_tracking_webhook(
            webhook("evt_1", (number, "delivered", "d"), signature="forged"), deps
        )

    shipment = (await deps.shipments.of_order(order_id))[0]
    assert refused.value.status == 400
    assert (shipment.status, shipment.tracking) == ("labelled", [])
    assert committed(deps) == before


async def test_a_webhook_about_an_unknown_parcel_is_accepted_and_changes_nothing(deps) -> None:
    receipt = await tracking.receive_tracking_webhook(webhook("evt_9", ("NOPE", "delivered", "d")), deps)

    assert (receipt.duplicate, receipt.updates) == (False, 0)


async def test_a_delivery_the_order_cannot_take_yet_is_told_again_by_the_worker(deps) -> None:
    order_id, number = await labelled(deps)
    bus(deps).on_send[DeliverOrder] = Conflict("an order that is fulfilling cannot become delivered")
    bus(deps).answer(GetOrder, lambda q: order_view(q.order_id, None, "fulfilling"))

    await tracking.receive_tracking_webhook(webhook("evt_1", (number, "delivered", "d")), deps)
    waiting = dict(deps.deliveries.states)  # type: ignore[attr-defined]
    del bus(deps).on_send[DeliverOrder]
    await following.follow_once(deps)

    assert waiting == {order_id: "pending"}
    assert deps.deliveries.states == {order_id: "reported"}  # type: ignore[attr-defined]
    assert bus(deps).sent == [DeliverOrder(order_id=order_id, actor="carrier")] * 2


@pytest.mark.parametrize(("status", "state"), [("cancelled", "dropped"), ("delivered", "reported")])
async def test_a_delivery_refused_because_the_order_moved_on_is_settled(
    deps, status: str, state: str
) -> None:
    order_id, number = await labelled(deps)
    bus(deps).on_send[DeliverOrder] = Conflict("no")
    bus(deps).answer(GetOrder, lambda q: order_view(q.order_id, None, status))

    await tracking.receive_tracking_webhook(webhook("evt_1", (number, "delivered", "d")), deps)

    assert deps.deliveries.states == {order_id: state}  # type: ignore[attr-defined]


async def test_the_worker_asks_carriers_that_track_parcels_and_never_table_rate(deps) -> None:
    order_id, number = await labelled(deps)
    table_order = await paid(deps, lines=[("MAIN", "SKU-A", 1)])
    table_shipment = (await deps.shipments.of_order(table_order))[0]
    await labels.buy_label(BuyLabel(shipment_id=table_shipment.id, actor="staff:1"), deps)
    carrier: Any = deps.carriers.get("flat")
    carrier.reports[number] = [
        update(number, "pre_transit", "p", 0),
        update(number, "out_for_delivery", "o", 30),
    ]

    asked = await following.follow_once(deps)
    again = await following.follow_once(deps)

    shipment = (await deps.shipments.of_order(order_id))[0]
    assert (asked, again) == (1, 1)
    assert shipment.status == "out_for_delivery"
    assert [(e.status, e.source) for e in shipment.tracking] == [
        ("pre_transit", "carrier:flat"),
        ("out_for_delivery", "carrier:flat"),
    ]
    assert (await deps.shipments.of_order(table_order))[0].status == "labelled"


async def test_a_carrier_down_while_polled_leaves_its_parcels_as_they_were(deps) -> None:
    order_id, _ = await labelled(deps)
    carrier: Any = deps.carriers.get("flat")
    carrier.down = True

    await following.follow_once(deps)

    assert (await deps.shipments.of_order(order_id))[0].status == "labelled"


async def test_a_shopper_sees_the_parcels_of_their_order_and_anothers_order_is_not_found(deps) -> None:
    order_id = await paid(deps)
    east, _ = await deps.shipments.of_order(order_id)
    await record(deps, east.id, "in_transit")
    seen = await tracking.get_order_tracking(GetOrderTracking(order_id=order_id, customer_id=None), deps)

    def refuse(query: GetOrder) -> Any:
        raise NotFound("order not found")

    bus(deps).answer(GetOrder, refuse)

    with pytest.raises(NotFound):
        await tracking.get_order_tracking(GetOrderTracking(order_id=order_id, customer_id=None), deps)
    assert [(p.status, [e.status for e in p.events]) for p in seen.shipments] == [
        ("in_transit", ["in_transit"]),
        ("pending", []),
    ]
