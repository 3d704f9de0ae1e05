"""The other domains as the checkout meets them: a bus scripted per message type that records what
the saga sent, in order, and a shop answering as a healthy one would (payments by sandbox token)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import msgspec

from core.errors import Conflict, NotFound, Unavailable
from domains.cart.messages import CheckoutCart, CompleteCart, GetCheckoutCart
from domains.inventory.messages import (
    AllocateStock,
    Allocation,
    ReleaseAllocation,
    ShipAllocation,
)
from domains.orders.messages import Checkout
from domains.payments.messages import AuthorisePayment, GetPayment, PaymentView, VoidPayment
from domains.pricing.messages import QuoteCart
from domains.promotions.messages import RedeemCoupons, Redemption, ReleaseCoupons
from domains.shipping.messages import GetShippingOption, ShippingOption
from tests.unit.orders.builders import cart, quote
from tests.unit.orders.fakes import eur

Answer = Callable[[Any], Any]


class ScriptedBus:
    """Answers each message type with a function (which may raise); records every message, in order."""

    def __init__(self, answers: dict[type, Answer]) -> None:
        self.answers = answers
        self.sent: list[Any] = []

    def answer(self, kind: type, reply: Answer) -> None:
        self.answers[kind] = reply

    def fail(self, kind: type, error: BaseException, times: int = 1) -> None:
        """``kind`` raises ``error`` the next ``times`` times, then answers as before."""
        before, left = self.answers[kind], [times]

        def failing(message: Any) -> Any:
            if left[0] > 0:
                left[0] -= 1
                raise error
            return before(message)

        self.answers[kind] = failing

    async def _call(self, message: Any) -> Any:
        self.sent.append(message)
        answer = self.answers.get(type(message))
        assert answer is not None, f"unexpected {type(message).__name__}"
        return answer(message)

    async def send(self, message: Any, *, timeout: float | None = None) -> Any:
        return await self._call(message)

    async def ask(self, message: Any, *, timeout: float | None = None) -> Any:
        return await self._call(message)

    def names(self) -> list[str]:
        return [type(message).__name__ for message in self.sent]

    def after(self, name: str) -> list[str]:
        """The names of the messages sent after the last ``name``."""
        names = self.names()
        last = len(names) - 1 - names[::-1].index(name)
        return names[last + 1 :]


class Shop:
    """The other domains as the checkout meets them, answering as a healthy shop would."""

    def __init__(self, basket: CheckoutCart | None = None) -> None:
        self.cart = basket or cart()
        self.payments: dict[UUID, PaymentView] = {}
        self.token_outcome = {"ok": "captured", "decline": "declined"}
        self.bus = ScriptedBus(
            {
                GetCheckoutCart: lambda _: self.cart,
                QuoteCart: quote,
                GetShippingOption: lambda q: ShippingOption(
                    method_id=q.method_id, name="Parcel", carrier="table_rate", price=eur(490)
                ),
                RedeemCoupons: lambda c: Redemption(order_id=c.order_id, codes=c.codes),
                ReleaseCoupons: lambda c: Redemption(order_id=c.order_id, codes=[]),
                AllocateStock: lambda c: Allocation(order_id=c.order_id, lines=[]),
                ReleaseAllocation: lambda _: None,
                ShipAllocation: lambda _: None,
                AuthorisePayment: self.authorise,
                GetPayment: self.payment,
                VoidPayment: self.void,
                CompleteCart: lambda _: None,
            }
        )

    def authorise(self, command: AuthorisePayment) -> PaymentView:
        """As payments answers: "error" leaves a failed payment (nothing charged) and raises Unavailable."""
        if command.order_id not in self.payments:
            status = self.token_outcome.get(command.token or "", "declined")
            if command.token == "error":
                status = "failed"
            self.payments[command.order_id] = PaymentView(
                id=uuid4(),
                order_id=command.order_id,
                provider=command.provider,
                status=status,  # type: ignore[arg-type]
                amount=command.amount,
                captured=command.amount if status == "captured" else eur(0),
                refunded=eur(0),
                decline_reason="card_declined" if status == "declined" else None,
            )
        found = self.payments[command.order_id]
        if found.status == "pending":  # the provider replays the charge it made for this key
            self.payments[command.order_id] = msgspec.structs.replace(
                found, status="captured", captured=found.amount
            )
        if self.payments[command.order_id].status == "failed":
            raise Unavailable("the provider is down; nothing was charged")
        return self.payments[command.order_id]

    def payment(self, query: GetPayment) -> PaymentView:
        if query.order_id not in self.payments:
            raise NotFound("no payment")
        return self.payments[query.order_id]

    def void(self, command: VoidPayment) -> PaymentView:
        found = self.payment(GetPayment(order_id=command.order_id))
        if found.status in ("pending", "failed"):
            raise Conflict(f"the payment is {found.status}: its outcome is unknown")
        status = "refunded" if found.status == "captured" else "voided"
        self.payments[command.order_id] = msgspec.structs.replace(found, status=status)
        return self.payments[command.order_id]


FORWARD = [
    "GetCheckoutCart",
    "QuoteCart",
    "GetShippingOption",
    "QuoteCart",
    "RedeemCoupons",
    "AllocateStock",
    "AuthorisePayment",
    "CompleteCart",
]
UNDO = ["GetPayment", "VoidPayment", "ReleaseAllocation", "ReleaseCoupons"]
UNDO_UNCHARGED = ["GetPayment", "ReleaseAllocation", "ReleaseCoupons"]  # nothing taken: nothing to void


class ProcessDied(BaseException):
    """What a crash looks like from inside: nothing after it runs, no except clause catches it."""


def released_order(shop: Shop) -> UUID:
    """The order id the saga released stock for."""
    return next(m for m in shop.bus.sent if isinstance(m, ReleaseAllocation)).order_id


def command(shop: Shop, token: str = "ok") -> Checkout:
    """A guest's checkout of the shop's cart, paying with the sandbox ``token``."""
    return Checkout(
        cart_id=shop.cart.id, customer_id=None, email=None, payment_provider="sandbox", payment_token=token
    )
