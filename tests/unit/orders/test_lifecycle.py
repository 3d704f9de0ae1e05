"""The order lifecycle, without I/O: which moves are legal, what each records and raises."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict
from domains.orders.messages import (
    OrderCancelled,
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
