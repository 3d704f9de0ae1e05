"""The order lifecycle, without I/O: which moves are legal, what each records and raises."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict
from domains.orders.messages import (
    OrderCancelled,
    OrderFulfilmentCancelled,
    OrderPaid,
    OrderPayment,
    OrderPlaced,
    OrderShipped,
)
from domains.orders.model import (
    Order,
    check_move,
    may_move,
    token_digest,
)
from tests.unit.orders.builders import order_plan
from tests.unit.orders.fakes import START, eur


def placed(customer_id=None) -> Order:
    return Order.place(
        order_id=uuid4(),
        number=1001,
        plan=order_plan(customer_id),
        payment=OrderPayment(status="captured", provider="sandbox"),
        token_hash=token_digest("secret"),
        now=START,
    )


def test_a_placed_order_is_paid_and_its_history_shows_it_waited_for_payment_first() -> None:
    order = placed()

    assert order.status == "paid"
    assert [(c.status, c.actor) for c in order.history] == [
        ("pending_payment", "guest"),
        ("paid", "payment:sandbox"),
    ]
    assert [type(e) for e in order.events] == [OrderPlaced, OrderPaid]
    event = order.events[0]
    assert isinstance(event, OrderPlaced)
    assert (event.number, event.total, [(i.sku, i.quantity) for i in event.items]) == (
        "1001",
        eur(2990),
        [("MUG-1", 2)],
    )


def test_the_happy_path_runs_paid_fulfilling_shipped_delivered_recording_each_step() -> None:
    order = placed()
    order.fulfil("staff:1", START)
    order.ship("staff:1", "DHL", "TRACK-1", START)
    order.deliver("staff:1", START)

    assert [c.status for c in order.history][2:] == ["fulfilling", "shipped", "delivered"]
    assert order.view().carrier == "DHL"
    assert any(isinstance(e, OrderShipped) and e.tracking_number == "TRACK-1" for e in order.events)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("paid", "shipped"),
        ("paid", "delivered"),
        ("shipped", "cancelled"),
        ("cancelled", "paid"),
        ("delivered", "fulfilling"),
    ],
)
def test_an_illegal_transition_is_a_conflict_naming_the_status(current, target) -> None:
    assert not may_move(current, target)
    with pytest.raises(Conflict) as refused:
        check_move(current, target)
    assert refused.value.errors[0].field == "status"


def test_shipping_an_order_not_yet_being_fulfilled_is_refused_and_changes_nothing() -> None:
    order = placed()

    with pytest.raises(Conflict):
        order.ship("staff:1", "DHL", None, START)
    assert (order.status, len(order.history), order.carrier) == ("paid", 2, None)


def test_an_order_is_cancelled_before_shipment_once_and_its_undoing_stays_pending_until_done() -> None:
    order = placed()
    order.events.clear()

    assert order.cancel("customer:1", "changed my mind", START) is True
    assert order.cancel("customer:1", "again", START) is False
    assert (order.status, order.cancel_pending) == ("cancelled", True)
    assert [type(e) for e in order.events] == [OrderCancelled]
    order.cancellation_done("refunded", START)
    assert (order.cancel_pending, order.view().payment) == (
        False,
        OrderPayment(status="refunded", provider="sandbox"),
    )


def test_a_shipped_order_cannot_be_cancelled() -> None:
    order = placed()
    order.fulfil("s", START)
    order.ship("s", None, None, START)

    with pytest.raises(Conflict):
        order.cancel("customer:1", None, START)


def test_an_order_is_seen_by_its_customer_or_the_holder_of_its_token_only() -> None:
    owner = uuid4()
    order = placed(owner)

    assert order.visible_to(owner, None)
    assert order.visible_to(None, "secret")
    assert not order.visible_to(uuid4(), None)
    assert not order.visible_to(None, "guess")
    assert not order.visible_to(None, None)


def partially_refunded(*, shipped: bool) -> Order:
    order = placed()
    if shipped:
        order.fulfil("s", START)
        order.ship("s", None, None, START)
    order.settle("partially_refunded", "staff:1", START)
    return order


def test_a_partially_refunded_order_is_cancellable_until_something_ships() -> None:
    unshipped, shipped = partially_refunded(shipped=False), partially_refunded(shipped=True)

    assert unshipped.cancel("customer:1", "price match was not enough", START) is True
    with pytest.raises(Conflict) as refused:
        shipped.cancel("customer:1", None, START)
    assert (unshipped.status, unshipped.cancel_pending) == ("cancelled", True)
    assert (shipped.status, shipped.cancel_pending) == ("partially_refunded", False)
    assert refused.value.errors[0].field == "status"


def test_a_partially_refunded_order_still_ships_unless_something_shipped_already() -> None:
    unshipped, shipped = partially_refunded(shipped=False), partially_refunded(shipped=True)

    unshipped.fulfil("staff:1", START)
    unshipped.ship("staff:1", "DHL", "T1", START)
    with pytest.raises(Conflict) as refused:
        shipped.fulfil("staff:1", START)

    assert [c.status for c in unshipped.history][2:] == ["partially_refunded", "fulfilling", "shipped"]
    assert shipped.status == "partially_refunded"
    assert refused.value.errors[0].field == "status"


def test_refunded_in_full_before_shipment_its_goods_are_withdrawn_and_after_shipment_they_are_not() -> None:
    unshipped, shipped = placed(), placed()
    shipped.fulfil("s", START)
    shipped.ship("s", None, None, START)
    for order in (unshipped, shipped):
        order.events.clear()
        order.settle("refunded", "staff:1", START, "out of business")

    pending = (unshipped.status, unshipped.cancel_pending, list(unshipped.events))
    unshipped.cancellation_done(None, START)
    shipped.cancellation_done(None, START)

    assert pending == ("refunded", True, [])
    assert (unshipped.cancel_pending, unshipped.events) == (
        False,
        [OrderFulfilmentCancelled(order_id=unshipped.id)],
    )
    assert (unshipped.history[-1].status, unshipped.history[-1].reason) == ("refunded", "out of business")
    assert (shipped.status, shipped.cancel_pending, shipped.events) == ("refunded", False, [])


def test_an_order_shows_its_parcels_label_number_unless_staff_typed_one() -> None:
    labelled, typed = placed(), placed()
    for order in (labelled, typed):
        order.fulfil("s", START)
        assert order.note_label("table_rate", "CM1DE", START) is True
        assert order.note_label("table_rate", "CM2DE", START) is False
        order.events.clear()
    labelled.ship("s", None, None, START)
    typed.ship("s", "DHL", "TRK1", START)

    assert (labelled.carrier, labelled.tracking_number) == ("table_rate", "CM1DE")
    assert labelled.events == [OrderShipped(order_id=labelled.id, carrier=None, tracking_number=None)]
    assert (typed.carrier, typed.tracking_number) == ("DHL", "TRK1")
