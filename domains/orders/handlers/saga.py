"""The checkout saga's moves shared by the checkout and its recovery: advance under a lease, place the
order, complete the cart, and undo what was done (last step first) when the order cannot be placed."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from core.errors import Conflict, NotFound, Unavailable
from domains.cart import messages as cart
from domains.inventory.messages import ReleaseAllocation
from domains.orders.messages import OrderPayment
from domains.orders.model import Order, compensations, reached
from domains.payments.messages import AuthorisePayment, GetPayment, VoidPayment
from domains.promotions.messages import ReleaseCoupons

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable
    from datetime import datetime

    from domains.orders.model import CheckoutPlan, CheckoutRun, Step, Undo
    from domains.orders.ports import OrdersDeps
    from domains.payments.messages import PaymentView

log = structlog.get_logger("mercato.orders.checkout")
# A payment in one of these took no money (a provider error charges nothing): there is nothing to void.
UNCHARGED = frozenset({"failed", "declined", "voided", "refunded"})


def accepted(deps: OrdersDeps) -> frozenset[str]:
    """The payment outcomes an order is placed with: captured; authorised when the shop captures at
    shipment; held for review or waiting for the shopper's confirmation (3-D Secure): the order then
    waits in ``pending_payment``."""
    waiting = ("held", "requires_action")
    return frozenset({"captured", *waiting, *(("authorised",) if deps.capture == "shipment" else ())})


class LeaseLost(Unavailable):
    """Recovery took this checkout over (this process was too slow): it finishes it, not us."""


class Saga:
    """One process's turn at a checkout: it moves the run only while it holds the run's lease."""

    def __init__(self, deps: OrdersDeps, run: CheckoutRun) -> None:
        self.deps = deps
        self.run = run

    def lease(self) -> datetime:
        return self.deps.clock() + timedelta(seconds=self.deps.lease_seconds)

    @property
    def plan(self) -> CheckoutPlan:
        assert self.run.plan is not None, "the checkout has no quoted plan yet"
        return self.run.plan

    async def advance(self, step: Step, plan: CheckoutPlan | None = None) -> None:
        """Record that ``step`` is about to run (before its message is sent)."""
        run = self.run
        if not await self.deps.checkouts.advance(run.order_id, run.lease_owner, step, self.lease(), plan):
            raise LeaseLost("the checkout is being finished by recovery; look for the order shortly")
        run.step = step
        run.plan = plan or run.plan

    async def payment(self) -> PaymentView | None:
        """How the checkout's payment ended (None: never recorded); one left "pending" by a crash is
        settled by repeating the authorisation, which payments answers without charging twice."""
        bus, run = self.deps.bus, self.run
        try:
            payment = await bus.ask(GetPayment(order_id=run.order_id))
        except NotFound:
            return None
        if payment.status == "pending" and run.plan is not None:
            plan = run.plan
            payment = await bus.send(
                AuthorisePayment(
                    order_id=run.order_id,
                    amount=plan.totals.total,
                    provider=plan.provider,
                    token=None,
                    capture=self.deps.capture == "order",
                    customer_id=plan.customer_id,
                    email=plan.email,
                )
            )
        return payment

    async def place(self, payment: PaymentView) -> Order:
        """Insert the paid order, raise OrderPlaced and OrderPaid, and mark the checkout done: one transaction."""
        deps, run = self.deps, self.run
        await self.advance("placing")
        async with deps.uow() as uow:
            placed = await deps.checkouts.settle(
                run.order_id, run.lease_owner, state="done", step="placed", lease_until=self.lease()
            )
            if not placed:
                raise LeaseLost("the checkout is being finished by recovery")
            order = Order.place(
                order_id=run.order_id,
                number=await deps.orders.next_number(),
                plan=self.plan,
                payment=OrderPayment(
                    status=payment.status, provider=payment.provider, action_url=payment.action_url
                ),
                token_hash=run.token_hash,
                now=deps.clock(),
            )
            await deps.orders.add(order)
            uow.collect(order)
            await uow.commit()
        run.state, run.step = "done", "placed"
        return order

    async def complete_cart(self) -> None:
        """The cart becomes checked out; if the cart domain cannot answer now, recovery does it later."""
        run = self.run
        try:
            await self.deps.bus.send(
                cart.CompleteCart(cart_id=run.cart_id, order_id=run.order_id, shown=False)
            )
        except Conflict:
            log.info("cart no longer active; nothing to complete", cart_id=str(run.cart_id))
        except Exception as exc:  # noqa: BLE001 - the order stands; recovery completes the cart
            log.warning("cart not completed yet", cart_id=str(run.cart_id), error=repr(exc))
            return
        await self.deps.checkouts.settle(
            run.order_id, run.lease_owner, state="done", step="completed", lease_until=self.deps.clock()
        )
        run.step = "completed"

    async def undo(self, reason: str) -> bool:
        """Undo every step that may have run, last first; True when all are undone (the run failed).

        A step that cannot be undone now leaves the run ``compensating``: recovery tries again.
        """
        deps, run = self.deps, self.run
        owner, order_id = run.lease_owner, run.order_id
        if not await deps.checkouts.settle(
            order_id, owner, state="compensating", lease_until=self.lease(), error=reason[:500]
        ):
            return False
        run.state = "compensating"
        for step in compensations(run.step):
            try:
                await UNDO[step](self)
            except NotFound:
                continue  # nothing was done by that step
            except Exception as exc:  # noqa: BLE001 - retried by recovery
                log.warning(
                    "undo failed; recovery retries it", order_id=str(order_id), step=step, error=repr(exc)
                )
                return False
        await deps.checkouts.settle(
            order_id, owner, state="failed", lease_until=deps.clock(), error=reason[:500]
        )
        run.state = "failed"
        return True

    async def abandoned(self) -> None:
        """This process lost the lease after asking for payment: if recovery gave the checkout up in the
        meantime, a payment that still went through must not stay charged."""
        if not reached(self.run.step, "paying"):
            return
        found = await self.deps.checkouts.get(self.run.order_id)
        if found is not None and found.state == "failed":
            await _void_payment(self)


async def _void_payment(saga: Saga) -> None:
    """Void, or refund when captured, whatever the payment took."""
    payment = await saga.payment()
    if payment is not None and payment.status not in UNCHARGED:
        await saga.deps.bus.send(VoidPayment(order_id=saga.run.order_id))


async def _release_allocation(saga: Saga) -> None:
    run = saga.run
    await saga.deps.bus.send(
        ReleaseAllocation(order_id=run.order_id, reason="checkout failed", back_to_cart=run.cart_id)
    )


async def _release_coupons(saga: Saga) -> None:
    await saga.deps.bus.send(ReleaseCoupons(order_id=saga.run.order_id))


UNDO: dict[Undo, Callable[[Saga], Awaitable[None]]] = {
    "void_payment": _void_payment,
    "release_allocation": _release_allocation,
    "release_coupons": _release_coupons,
}
