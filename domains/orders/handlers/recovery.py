"""Recovery: checkouts, cancellations and received returns a crashed process left unfinished are
finished here.

A checkout whose lease ran out is taken over: payment never asked, its steps are undone; payment
asked, payments is asked how it ended and the order is placed if it was captured (else undone);
order placed but the cart not completed, the cart is completed. ``recover`` is one pass; the
worker runs it every ``recovery_seconds``.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from domains.orders.handlers.cancellation import finish_cancellation
from domains.orders.handlers.receiving import finish_return
from domains.orders.handlers.saga import LeaseLost, Saga, accepted, log
from domains.orders.model import recovery_of
from domains.payments.messages import CapturePayment

if TYPE_CHECKING:
    from domains.orders.ports import OrdersDeps

BATCH = 50


async def _settle_payment(saga: Saga) -> None:
    payment = await saga.payment()
    if payment is not None and payment.status == "authorised" and saga.deps.capture == "order":
        payment = await saga.deps.bus.send(CapturePayment(order_id=saga.run.order_id))
    if payment is None or payment.status not in accepted(saga.deps):
        await saga.undo(f"recovered: payment {payment.status if payment else 'never recorded'}")
        return
    try:
        await saga.place(payment)
    except LeaseLost:
        raise
    except Exception as exc:  # noqa: BLE001 - a charge without an order is refunded
        log.error("order could not be placed after payment; refunding", order_id=str(saga.run.order_id))
        await saga.undo(f"recovered: order could not be placed ({exc!r})")
        return
    await saga.complete_cart()


async def finish_checkout(saga: Saga) -> None:
    action = recovery_of(saga.run)
    if action == "compensate":
        await saga.undo("recovered: the checkout stopped before payment was settled")
    elif action == "settle_payment":
        await _settle_payment(saga)
    elif action == "complete_cart":
        await saga.complete_cart()


async def recover(deps: OrdersDeps, limit: int = BATCH) -> int:
    """One recovery pass: finish the checkouts and cancellations left unfinished; how many were found."""
    now = deps.clock()
    lease = now + timedelta(seconds=deps.lease_seconds)
    runs = await deps.checkouts.claim_stale(now, uuid.uuid4(), lease, limit)
    for run in runs:
        try:
            await finish_checkout(Saga(deps, run))
        except Exception as exc:  # noqa: BLE001 - the next pass tries again
            log.warning("checkout recovery failed", order_id=str(run.order_id), error=repr(exc))
    before = now - timedelta(seconds=deps.lease_seconds)
    orders = await deps.orders.cancellations_left(before, limit)
    for order_id in orders:
        try:
            await finish_cancellation(deps, order_id)
        except Exception as exc:  # noqa: BLE001 - the next pass tries again
            log.warning("cancellation recovery failed", order_id=str(order_id), error=repr(exc))
    returns = await deps.returns.unfinished(before, limit)
    for return_id in returns:
        try:
            await finish_return(deps, return_id, "system")
        except Exception as exc:  # noqa: BLE001 - the next pass tries again
            log.warning("return recovery failed", return_id=str(return_id), error=repr(exc))
    return len(runs) + len(orders) + len(returns)


async def recovery_worker(deps: OrdersDeps) -> None:
    """Run a recovery pass every ``recovery_seconds`` until cancelled."""
    while True:
        try:
            await recover(deps)
        except Exception as exc:  # noqa: BLE001 - the database may be briefly away
            log.warning("recovery pass failed", error=repr(exc))
        await asyncio.sleep(deps.recovery_seconds)
