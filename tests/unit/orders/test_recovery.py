"""Recovery of checkouts a crashed (or too slow) process left behind, with the other domains faked."""

from __future__ import annotations

import msgspec
import pytest

from core.errors import PaymentRequired, Unavailable
from domains.cart.messages import CompleteCart
from domains.inventory.messages import AllocateStock, ReleaseAllocation
from domains.orders.handlers import recover
from domains.orders.handlers.checkout import checkout
from domains.payments.messages import AuthorisePayment
from tests.unit.orders.fakes import Clock, deps, eur
from tests.unit.orders.shop import UNDO_UNCHARGED, ProcessDied, Shop, command


async def test_a_crash_after_payment_is_finished_by_one_recovery_pass_placing_the_order() -> None:
    shop, clock = Shop(), Clock()
    built, orders, checkouts, transactions = deps(shop, clock)
    orders.fail_add = ProcessDied()

    with pytest.raises(ProcessDied):
        await checkout(command(shop), built)
    (run,) = checkouts.rows.values()
    assert (run.state, run.step, orders.rows) == ("running", "placing", {})

    assert await recover(built) == 0  # the lease still holds: the process might be alive
    clock.advance(61)
    assert await recover(built) == 1

    order = orders.rows[run.order_id]
    assert order.status == "paid" and order.number > 1000  # the crashed attempt may have used a number
    assert shop.bus.after("GetPayment") == ["CompleteCart"]
    assert transactions.types() == ["OrderPlaced", "OrderPaid"]
    assert checkouts.rows[run.order_id].step == "completed"


async def test_a_payment_left_pending_by_a_crash_is_settled_by_asking_again_and_the_order_placed() -> None:
    shop, clock = Shop(), Clock()
    built, orders, _, _ = deps(shop, clock)
    charge = shop.authorise

    def crash_after_the_provider_answered(message: AuthorisePayment) -> None:
        shop.bus.answer(AuthorisePayment, charge)
        charge(message)
        shop.payments[message.order_id] = msgspec.structs.replace(
            shop.payments[message.order_id], status="pending", captured=eur(0)
        )
        raise ProcessDied()

    shop.bus.answer(AuthorisePayment, crash_after_the_provider_answered)
    with pytest.raises(ProcessDied):
        await checkout(command(shop), built)
    clock.advance(61)
    await recover(built)

    assert shop.bus.after("GetPayment") == ["AuthorisePayment", "CompleteCart"]
    assert [o.status for o in orders.rows.values()] == ["paid"]
    assert [p.status for p in shop.payments.values()] == ["captured"]


async def test_a_crash_while_paying_with_no_payment_recorded_is_undone_by_recovery() -> None:
    shop, clock = Shop(), Clock()
    built, orders, checkouts, _ = deps(shop, clock)
    shop.bus.fail(AuthorisePayment, ProcessDied())

    with pytest.raises(ProcessDied):
        await checkout(command(shop), built)
    clock.advance(61)
    await recover(built)

    assert shop.bus.after("GetPayment") == ["ReleaseAllocation", "ReleaseCoupons"]
    assert orders.rows == {} and [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_a_crash_before_payment_is_undone_without_asking_payments() -> None:
    shop, clock = Shop(), Clock()
    built, _, checkouts, _ = deps(shop, clock)
    shop.bus.fail(AllocateStock, ProcessDied())

    with pytest.raises(ProcessDied):
        await checkout(command(shop), built)
    clock.advance(61)
    await recover(built)

    assert shop.bus.after("AllocateStock") == ["ReleaseAllocation", "ReleaseCoupons"]
    assert [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_an_undo_that_fails_is_retried_by_recovery_until_everything_is_given_back() -> None:
    shop, clock = Shop(), Clock()
    built, _, checkouts, _ = deps(shop, clock)
    shop.bus.fail(ReleaseAllocation, Unavailable("inventory down"))

    with pytest.raises(PaymentRequired):
        await checkout(command(shop, "decline"), built)
    assert [r.state for r in checkouts.rows.values()] == ["compensating"]

    clock.advance(61)
    await recover(built)

    assert shop.bus.names().count("ReleaseAllocation") == 2
    assert shop.bus.names()[-3:] == UNDO_UNCHARGED
    assert [r.state for r in checkouts.rows.values()] == ["failed"]


async def test_an_order_placed_while_the_cart_could_not_be_completed_has_its_cart_completed_by_recovery() -> (
    None
):
    shop, clock = Shop(), Clock()
    built, _, checkouts, _ = deps(shop, clock)
    shop.bus.fail(CompleteCart, Unavailable("cart down"))

    result = await checkout(command(shop), built)
    assert checkouts.rows[result.order.id].step == "placed"

    clock.advance(61)
    await recover(built)

    assert shop.bus.names()[-1] == "CompleteCart"
    assert checkouts.rows[result.order.id].step == "completed"


async def test_a_slow_process_that_lost_its_lease_to_recovery_neither_places_nor_undoes() -> None:
    shop, clock = Shop(), Clock()
    built, orders, checkouts, _ = deps(shop, clock)

    def slow_allocation(message: AllocateStock) -> None:
        clock.advance(61)
        # recovery takes over meanwhile (the fake store hands the lease to a new owner)
        for run in checkouts.rows.values():
            run.lease_owner = type(run.lease_owner)(int=7)

    shop.bus.answer(AllocateStock, slow_allocation)

    with pytest.raises(Unavailable):
        await checkout(command(shop), built)

    assert "AuthorisePayment" not in shop.bus.names() and "ReleaseAllocation" not in shop.bus.names()
    assert orders.rows == {}
