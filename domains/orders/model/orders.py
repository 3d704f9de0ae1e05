"""The order aggregate: the snapshot a checkout placed, and its moves through the lifecycle."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domains.inventory.messages import ItemQuantity
from domains.orders.messages import (
    OrderCancelled,
    OrderDelivered,
    OrderPaid,
    OrderPayment,
    OrderPlaced,
    OrderShipped,
    OrderView,
    StatusChange,
)
from domains.orders.model.lifecycle import CANCELLABLE, check_move, illegal

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID

    from core.messages import Event
    from domains.orders.messages import OrderStatus
    from domains.orders.model.checkout import CheckoutPlan


def token_digest(token: str) -> str:
    """What is kept of an order token: its SHA-256, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Order:
    id: UUID
    number: int
    status: OrderStatus
    plan: CheckoutPlan
    history: list[StatusChange]
    payment: OrderPayment | None
    placed_at: datetime
    updated_at: datetime
    token_hash: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None
    cancel_pending: bool = False
    version: int = 1
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def place(
        cls,
        *,
        order_id: UUID,
        number: int,
        plan: CheckoutPlan,
        payment: OrderPayment,
        token_hash: str,
        now: datetime,
    ) -> Order:
        """A paid order: its history shows it waited for payment, then was paid, at ``now``."""
        history = [
            StatusChange(status="pending_payment", at=now, actor=plan.actor),
            StatusChange(status="paid", at=now, actor=f"payment:{payment.provider}"),
        ]
        order = cls(
            id=order_id,
            number=number,
            status="paid",
            plan=plan,
            history=history,
            payment=payment,
            placed_at=now,
            updated_at=now,
            token_hash=token_hash,
        )
        order.events += [
            OrderPlaced(
                order_id=order_id,
                number=str(number),
                customer_id=plan.customer_id,
                email=plan.email,
                total=plan.totals.total,
                items=[ItemQuantity(sku=item.sku, quantity=item.quantity) for item in plan.items],
                coupon_codes=plan.coupon_codes,
                placed_at=now,
            ),
            OrderPaid(order_id=order_id, amount=plan.totals.total),
        ]
        return order

    def visible_to(self, customer_id: UUID | None, token: str | None) -> bool:
        """The owner sees it, and so does whoever holds its order token."""
        if customer_id is not None and customer_id == self.plan.customer_id:
            return True
        return bool(token and self.token_hash and hmac.compare_digest(self.token_hash, token_digest(token)))

    def _move(self, target: OrderStatus, actor: str, now: datetime, reason: str | None = None) -> None:
        check_move(self.status, target)
        self.status = target
        self.history.append(StatusChange(status=target, at=now, actor=actor, reason=reason))
        self.updated_at = now

    def cancel(self, actor: str, reason: str | None, now: datetime) -> bool:
        """Cancelled before shipment (False when it already was); its undoing is then pending."""
        if self.status == "cancelled":
            return False
        if self.status not in CANCELLABLE:
            raise illegal(self.status, "cancelled")
        self._move("cancelled", actor, now, reason)
        self.cancel_pending = True
        self.events.append(OrderCancelled(order_id=self.id, customer_id=self.plan.customer_id, reason=reason))
        return True

    def cancellation_done(self, payment_status: str | None, now: datetime) -> None:
        """Stock, payment and coupon use are given back: nothing of the cancellation is left to do."""
        self.cancel_pending = False
        if payment_status and self.payment is not None:
            self.payment = OrderPayment(status=payment_status, provider=self.payment.provider)
        self.updated_at = now

    def fulfil(self, actor: str, now: datetime) -> None:
        self._move("fulfilling", actor, now)

    def ship(self, actor: str, carrier: str | None, tracking_number: str | None, now: datetime) -> None:
        self._move("shipped", actor, now)
        self.carrier, self.tracking_number = carrier, tracking_number
        self.events.append(OrderShipped(order_id=self.id, carrier=carrier, tracking_number=tracking_number))

    def deliver(self, actor: str, now: datetime) -> None:
        self._move("delivered", actor, now)
        self.events.append(OrderDelivered(order_id=self.id))

    def view(self) -> OrderView:
        plan = self.plan
        return OrderView(
            id=self.id,
            number=str(self.number),
            status=self.status,
            customer_id=plan.customer_id,
            email=plan.email,
            currency=plan.currency,
            items=plan.items,
            totals=plan.totals,
            shipping_address=plan.shipping_address,
            shipping_method=plan.shipping_method,
            applied_promotions=plan.applied_promotions,
            coupon_codes=plan.coupon_codes,
            status_history=list(self.history),
            payment=self.payment,
            placed_at=self.placed_at,
            carrier=self.carrier,
            tracking_number=self.tracking_number,
        )
