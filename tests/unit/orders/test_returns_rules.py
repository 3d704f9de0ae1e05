"""The pure rules of returns: what a return refunds (exact to the minor unit however a line comes back),
where restocked units go, and where returns and refunds leave the order."""

from __future__ import annotations

from uuid import uuid4

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from domains.inventory.messages import AllocationLine, ItemQuantity
from domains.orders.messages import OrderItem, OrderPayment, ReceivedItem
from domains.orders.model import Order, Restock, Return, refund_due, restock_plan, status_after, token_digest
from tests.unit.orders.builders import order_plan
from tests.unit.orders.fakes import START, eur


def order_of(total: int, units: int, *, shipping: int = 490) -> Order:
    plan = order_plan()
    item = msgspec.structs.replace(plan.items[0], quantity=units, total=eur(total))
    totals = msgspec.structs.replace(plan.totals, shipping=eur(shipping), total=eur(total + shipping))
    order = Order.place(
        order_id=uuid4(),
        number=1001,
        plan=msgspec.structs.replace(plan, items=[item], totals=totals),
        payment=OrderPayment(status="captured", provider="sandbox"),
        token_hash=token_digest("t"),
        now=START,
    )
    order.status = "delivered"
    return order


def received_return(order: Order, units: int, status: str = "refunded") -> Return:
    found = Return.request(
        return_id=uuid4(),
        order=order,
        items=[ItemQuantity(sku="MUG-1", quantity=units)],
        reason="r",
        actor="guest",
        now=START,
    )
    found.status = status  # type: ignore[assignment]
    found.received = [ReceivedItem(sku="MUG-1", quantity=units)]
    return found


def test_three_returns_of_one_unit_each_refund_333_334_333_of_a_1000_line() -> None:
    order, earlier, refunds = order_of(1000, 3), [], []
    for _ in range(3):
        refunds.append(refund_due(order, earlier, [ReceivedItem(sku="MUG-1", quantity=1)]))
        earlier.append(received_return(order, 1))

    assert refunds == [333, 334, 333]


@given(
    total=st.integers(min_value=0, max_value=10**9),
    parts=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=8),
)
def test_however_a_line_comes_back_its_returns_refund_exactly_its_total(total: int, parts: list[int]) -> None:
    order, earlier, refunded = order_of(total, sum(parts)), [], 0
    for units in parts:
        due = refund_due(order, earlier, [ReceivedItem(sku="MUG-1", quantity=units)])
        assert 0 <= due <= total
        refunded += due
        earlier.append(received_return(order, units))

    assert refunded == total


def test_a_line_split_over_warehouses_is_restocked_where_its_units_came_from_then_the_fallback() -> None:
    allocation = [
        AllocationLine(sku="MUG-1", warehouse="BER", quantity=2),
        AllocationLine(sku="MUG-1", warehouse="HAM", quantity=1),
    ]
    order = order_of(1000, 3)
    earlier = received_return(order, 1)
    earlier.restocks = [Restock(sku="MUG-1", warehouse="BER", quantity=1, done=True)]

    plan = restock_plan(
        [ReceivedItem(sku="MUG-1", quantity=2), ReceivedItem(sku="MUG-1", quantity=1, restock=False)],
        allocation,
        [earlier],
        "BER",
    )

    assert [(r.warehouse, r.quantity) for r in plan] == [("BER", 1), ("HAM", 1)]
    unknown = restock_plan([ReceivedItem(sku="MUG-1", quantity=1)], [], [], "MAD")
    assert [(r.warehouse, r.quantity) for r in unknown] == [("MAD", 1)]


def test_the_order_follows_its_returns_and_refunds() -> None:
    order = order_of(1000, 2)
    waiting = received_return(order, 1, "approved")
    partly = received_return(order, 1, "received")
    whole = received_return(order, 2, "received")

    assert status_after(order, []) == "delivered"
    assert status_after(order, [waiting]) == "return_requested"
    assert status_after(order, [partly]) == "return_requested"
    assert status_after(order, [whole]) == "returned"
    whole.status = "refunded"
    order.refunded = 1000  # the line, not the 4.90 shipping
    assert status_after(order, [whole]) == "partially_refunded"
    order.refunded = 1490
    assert status_after(order, [whole]) == "refunded"


def test_a_refund_before_delivery_leaves_the_order_where_it_was_unless_something_was_refunded() -> None:
    order = order_of(1000, 2)
    order.status = "fulfilling"

    assert status_after(order, []) == "fulfilling"
    order.refunded = 100
    assert status_after(order, []) == "partially_refunded"


def test_an_order_item_total_is_what_a_return_shares_out() -> None:
    item = OrderItem(
        sku="X",
        product_id=uuid4(),
        variant_id=uuid4(),
        product_name="X",
        quantity=2,
        unit_price=eur(500),
        discount=eur(100),
        tax=eur(171),
        total=eur(1071),
        tax_rate="0.19",
    )
    plan = order_plan()
    order = order_of(0, 1)
    order.plan = msgspec.structs.replace(plan, items=[item])

    assert refund_due(order, [], [ReceivedItem(sku="X", quantity=1)]) == 536  # 1071 / 2 rounded half up
