"""Returns with the other domains faked: asking within the window, deciding, receiving (restock or write
off), refunding the received lines' paid amount, and where that leaves the order."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound, Unavailable
from domains.inventory.messages import AdjustStock, AllocationLine, ItemQuantity
from domains.orders.handlers import recover
from domains.orders.handlers.lifecycle import fulfil_order
from domains.orders.handlers.queries import get_order
from domains.orders.handlers.receiving import receive_return
from domains.orders.handlers.returns import approve_return, list_returns, reject_return, request_return
from domains.orders.messages import (
    ApproveReturn,
    FulfilOrder,
    GetOrder,
    ListReturns,
    OrderRefunded,
    ReceivedItem,
    ReceiveReturn,
    RejectReturn,
    RequestReturn,
)
from domains.payments.messages import RefundPayment
from tests.unit.orders.fakes import Clock, deps, eur
from tests.unit.orders.returns_shop import ReturnsShop, delivered, placed

DAY = 24 * 3600


def ask(order_id, token: str | None, *lines: tuple[str, int], customer_id=None) -> RequestReturn:
    return RequestReturn(
        order_id=order_id,
        customer_id=customer_id,
        order_token=token,
        items=[ItemQuantity(sku=sku, quantity=quantity) for sku, quantity in lines or (("MUG-1", 1),)],
        reason="too small",
        actor="guest",
    )


async def approved(built, order_id, token, *lines: tuple[str, int]):
    asked = await request_return(ask(order_id, token, *lines), built)
    return await approve_return(ApproveReturn(return_id=asked.id, actor="staff:1"), built)


async def status_of(built, order_id) -> str:
    return (await get_order(GetOrder(order_id=order_id, customer_id=None, as_staff=True), built)).status


async def test_a_shopper_asks_to_return_a_delivered_unit_and_the_order_shows_return_requested() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, token = await delivered(shop, built)

    asked = await request_return(ask(order.id, token, ("MUG-1", 1)), built)

    assert (asked.status, [(i.sku, i.quantity) for i in asked.items]) == ("requested", [("MUG-1", 1)])
    assert await status_of(built, order.id) == "return_requested"
    assert transactions.types()[-1:] == ["ReturnRequested"]
    listed = await list_returns(ListReturns(order_id=order.id, customer_id=None, order_token=token), built)
    assert [r.id for r in listed] == [asked.id]


async def test_a_return_before_delivery_is_a_conflict_naming_why() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await placed(shop, built)
    await fulfil_order(FulfilOrder(order_id=order.id, actor="staff:1"), built)

    with pytest.raises(Conflict) as refused:
        await request_return(ask(order.id, token), built)

    assert "not been delivered" in refused.value.detail
    assert refused.value.errors[0].field == "status"
    assert await status_of(built, order.id) == "fulfilling"


async def test_a_return_is_accepted_on_the_windows_last_day_and_refused_after_it() -> None:
    shop, clock = ReturnsShop(), Clock()
    built, *_ = deps(shop, clock, return_window_days=30)
    order, token = await delivered(shop, built)

    clock.advance(30 * DAY + 1)
    with pytest.raises(Conflict) as late:
        await request_return(ask(order.id, token), built)
    clock.advance(-2)
    on_time = await request_return(ask(order.id, token), built)

    assert "return window closed" in late.value.detail
    assert late.value.errors[0].field == "delivered_at"
    assert on_time.status == "requested"


async def test_more_units_than_are_left_to_return_is_invalid_naming_the_line() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    await request_return(ask(order.id, token, ("MUG-1", 1)), built)

    with pytest.raises(Invalid) as refused:
        await request_return(ask(order.id, token, ("MUG-1", 2)), built)

    assert [(e.field, e.message) for e in refused.value.errors] == [
        ("items[0].quantity", "at most 1 of MUG-1 can still be returned")
    ]


async def test_a_sku_not_in_the_order_is_invalid_naming_it_and_nothing_is_asked() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, token = await delivered(shop, built)

    with pytest.raises(Invalid) as refused:
        await request_return(ask(order.id, token, ("MUG-1", 1), ("HAT-9", 1)), built)

    assert [e.field for e in refused.value.errors] == ["items[1].sku"]
    assert "ReturnRequested" not in transactions.types()
    assert await status_of(built, order.id) == "delivered"


async def test_only_the_owner_or_the_holder_of_the_order_token_may_ask_for_a_return() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, _ = await delivered(shop, built)

    with pytest.raises(NotFound):
        await request_return(ask(order.id, "guess"), built)
    with pytest.raises(NotFound):
        await request_return(ask(order.id, None, customer_id=uuid4()), built)


async def test_a_received_return_is_restocked_where_it_was_allocated_and_its_paid_share_refunded() -> None:
    shop = ReturnsShop()
    built, _, _, transactions = deps(shop)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 1))

    done = await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)

    assert done.status == "refunded"
    assert [c.status for c in done.status_history] == ["requested", "approved", "received", "refunded"]
    assert shop.returned() == [("MUG-1", "BER", 1)]
    assert shop.refunds(order.id) == [1339]  # half of the line's 26.78, tax included
    assert done.refund is not None and done.refund.amount == 1339
    assert [(r.sku, r.warehouse, r.quantity) for r in done.restocked] == [("MUG-1", "BER", 1)]
    refunded = transactions.of_type(OrderRefunded)
    assert [(e.amount.amount, e.total_refunded.amount, e.return_id, e.email) for e in refunded] == [
        (1339, 1339, asked.id, "ann@example.com")
    ]
    assert transactions.types().index("ReturnReceived") < transactions.types().index("OrderRefunded")
    assert await status_of(built, order.id) == "partially_refunded"


async def test_every_unit_back_makes_the_order_returned_then_partially_refunded_as_shipping_is_kept() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    first = await approved(built, order.id, token, ("MUG-1", 1))
    await receive_return(ReceiveReturn(return_id=first.id, actor="staff:1"), built)
    second = await approved(built, order.id, token, ("MUG-1", 1))

    await receive_return(ReceiveReturn(return_id=second.id, actor="staff:1"), built)

    seen = await get_order(GetOrder(order_id=order.id, customer_id=None, as_staff=True), built)
    assert [c.status for c in seen.status_history][5:] == [
        "return_requested",
        "partially_refunded",
        "return_requested",
        "returned",
        "partially_refunded",
    ]
    assert shop.refunds(order.id) == [1339, 1339]  # the line's whole 26.78; the 4.90 shipping stays paid
    assert seen.refunded is not None and seen.refunded.amount == 2678


async def test_a_written_off_unit_is_refunded_but_not_restocked_and_the_return_says_so() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 2))

    done = await receive_return(
        ReceiveReturn(
            return_id=asked.id,
            actor="staff:1",
            items=[
                ReceivedItem(sku="MUG-1", quantity=1),
                ReceivedItem(sku="MUG-1", quantity=1, restock=False),
            ],
        ),
        built,
    )

    assert shop.returned() == [("MUG-1", "BER", 1)]
    assert [(r.quantity, r.restock) for r in done.received] == [(1, True), (1, False)]
    assert shop.refunds(order.id) == [2678]


async def test_receiving_more_than_was_approved_is_invalid_naming_the_line() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 1))

    with pytest.raises(Invalid) as refused:
        await receive_return(
            ReceiveReturn(return_id=asked.id, actor="staff:1", items=[ReceivedItem(sku="MUG-1", quantity=2)]),
            built,
        )

    assert refused.value.errors[0].field == "items[0].quantity"
    assert shop.returned() == []


async def test_a_return_must_be_approved_before_it_is_received_and_rejected_ones_stay_rejected() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    asked = await request_return(ask(order.id, token), built)

    with pytest.raises(Conflict):
        await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)
    rejected = await reject_return(RejectReturn(return_id=asked.id, actor="staff:1", reason="worn"), built)
    with pytest.raises(Conflict):
        await approve_return(ApproveReturn(return_id=asked.id, actor="staff:1"), built)

    assert (rejected.status, rejected.rejection_reason) == ("rejected", "worn")
    assert await status_of(built, order.id) == "delivered"
    assert (await request_return(ask(order.id, token, ("MUG-1", 2)), built)).status == "requested"


async def test_restocked_units_follow_the_allocation_across_warehouses() -> None:
    shop = ReturnsShop(
        allocation=[
            AllocationLine(sku="MUG-1", warehouse="BER", quantity=1),
            AllocationLine(sku="MUG-1", warehouse="HAM", quantity=1),
        ]
    )
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    first = await approved(built, order.id, token, ("MUG-1", 1))
    await receive_return(ReceiveReturn(return_id=first.id, actor="staff:1"), built)
    second = await approved(built, order.id, token, ("MUG-1", 1))

    await receive_return(ReceiveReturn(return_id=second.id, actor="staff:1"), built)

    assert shop.returned() == [("MUG-1", "BER", 1), ("MUG-1", "HAM", 1)]


async def test_a_receipt_stopped_before_its_refund_is_finished_by_repeating_it_restocking_once() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 1))
    shop.bus.fail(RefundPayment, Unavailable("payments down"))

    with pytest.raises(Unavailable):
        await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)
    assert await status_of(built, order.id) == "return_requested"
    done = await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)

    assert done.status == "refunded"
    assert shop.returned() == [("MUG-1", "BER", 1)]
    assert shop.refunds(order.id) == [1339]


async def test_recovery_finishes_a_received_return_without_refunding_or_restocking_twice() -> None:
    shop, clock = ReturnsShop(), Clock()
    built, _, _, transactions = deps(shop, clock)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 1))
    shop.bus.fail(AdjustStock, Unavailable("inventory down"))
    with pytest.raises(Unavailable):
        await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)

    clock.advance(61)
    await recover(built)
    await recover(built)

    assert shop.returned() == [("MUG-1", "BER", 1)]
    assert shop.refunds(order.id) == [1339]
    assert len(transactions.of_type(OrderRefunded)) == 1
    assert await status_of(built, order.id) == "partially_refunded"


async def test_a_refund_payments_made_but_the_return_never_recorded_is_not_made_again() -> None:
    shop = ReturnsShop()
    built, *_ = deps(shop)
    order, token = await delivered(shop, built)
    asked = await approved(built, order.id, token, ("MUG-1", 1))
    shop.bus.fail(AdjustStock, Unavailable("inventory down"))
    with pytest.raises(Unavailable):
        await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)
    shop.refund(RefundPayment(order_id=order.id, amount=eur(1339), reason=f"return {asked.id}"))

    done = await receive_return(ReceiveReturn(return_id=asked.id, actor="staff:1"), built)

    assert done.status == "refunded"
    assert shop.refunds(order.id) == [1339]
