"""The order aggregate: the snapshot a checkout placed, and its moves through the lifecycle."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.money import Money
from domains.inventory.messages import ItemQuantity
from domains.orders.messages import (
    OrderCancelled,
    OrderDelivered,
    OrderFulfilmentCancelled,
    OrderPaid,
    OrderPayment,
    OrderPlaced,
    OrderRefunded,
    OrderShipped,
    OrderView,
    StatusChange,
)
from domains.orders.model.lifecycle import check_move, may_move

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
    refunded: int = 0  # minor units given back so far (the orders_refunds ledger)
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
        """A paid order: its history shows it waited for payment, then was paid, at ``now``. A payment
        held for review leaves it waiting (``pending_payment``) until the payment is captured or voided."""
        held = payment.status in ("held", "requires_action")
        history = [StatusChange(status="pending_payment", at=now, actor=plan.actor)]
        if not held:
            history.append(StatusChange(status="paid", at=now, actor=f"payment:{payment.provider}"))
        order = cls(
            id=order_id,
            number=number,
            status="pending_payment" if held else "paid",
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
        ]
        if not held:
            order.events.append(OrderPaid(order_id=order_id, amount=plan.totals.total))
        return order

    @property
    def shipped(self) -> bool:
        """Whether anything of it left the warehouses: its history says it shipped."""
        return any(change.status == "shipped" for change in self.history)

    @property
    def delivered_at(self) -> datetime | None:
        return next((c.at for c in reversed(self.history) if c.status == "delivered"), None)

    def pay(self, payment_status: str, now: datetime) -> None:
        """The payment waiting for review was captured: the order is paid."""
        provider = self.payment.provider if self.payment else self.plan.provider
        self._move("paid", f"payment:{provider}", now)
        self.payment = OrderPayment(status=payment_status, provider=provider)
        self.events.append(OrderPaid(order_id=self.id, amount=self.plan.totals.total))

    def visible_to(self, customer_id: UUID | None, token: str | None) -> bool:
        """The owner sees it, and so does whoever holds its order token."""
        if customer_id is not None and customer_id == self.plan.customer_id:
            return True
        return bool(token and self.token_hash and hmac.compare_digest(self.token_hash, token_digest(token)))

    def _move(self, target: OrderStatus, actor: str, now: datetime, reason: str | None = None) -> None:
        check_move(self.status, target, shipped=self.shipped)
        self.status = target
        self.history.append(StatusChange(status=target, at=now, actor=actor, reason=reason))
        self.updated_at = now

    def cancel(self, actor: str, reason: str | None, now: datetime) -> bool:
        """Cancelled before shipment (False when it already was); its undoing is then pending."""
        if self.status == "cancelled":
            return False
        self._move("cancelled", actor, now, reason)
        self.cancel_pending = True
        self.events.append(OrderCancelled(order_id=self.id, customer_id=self.plan.customer_id, reason=reason))
        return True

    def cancellation_done(self, payment_status: str | None, now: datetime) -> None:
        """Stock, payment and coupon use (of a cancelled order; the stock of one refunded before
        shipment, whose shipments are then called off: ``OrderFulfilmentCancelled``) are given back:
        nothing of the undoing is left to do."""
        if self.cancel_pending and self.status == "refunded":
            self.events.append(OrderFulfilmentCancelled(order_id=self.id))
        self.cancel_pending = False
        if payment_status:
            self.follow_payment(payment_status)
        self.updated_at = now

    def follow_payment(self, status: str) -> None:
        """Keep the payment's latest status (captured, partially refunded, ...)."""
        if self.payment is not None:
            self.payment = OrderPayment(status=status, provider=self.payment.provider)

    def fulfil(self, actor: str, now: datetime) -> None:
        """Staff prepare its parcels (a partially refunded order's too, while nothing of it shipped)."""
        self._move("fulfilling", actor, now)

    def ship(
        self,
        actor: str,
        carrier: str | None,
        tracking_number: str | None,
        now: datetime,
        payment_status: str | None = None,
    ) -> None:
        """Shipped (with ``payment_status`` when the payment was captured on the way out); without a
        carrier or tracking number typed, those of its parcel's label stay. ``OrderShipped`` carries
        what staff typed (its parcels keep their labels' numbers)."""
        self._move("shipped", actor, now)
        self.carrier, self.tracking_number = carrier or self.carrier, tracking_number or self.tracking_number
        if payment_status:
            self.follow_payment(payment_status)
        self.events.append(OrderShipped(order_id=self.id, carrier=carrier, tracking_number=tracking_number))

    def note_label(self, carrier: str, tracking_number: str, now: datetime) -> bool:
        """A label was bought for one of its parcels: the order shows its tracking number unless it
        has one (typed by staff, or of another parcel's label); True when that changed it."""
        if self.tracking_number is not None:
            return False
        self.carrier, self.tracking_number, self.updated_at = carrier, tracking_number, now
        return True

    def deliver(self, actor: str, now: datetime) -> None:
        self._move("delivered", actor, now)
        self.events.append(OrderDelivered(order_id=self.id))

    def settle(self, target: OrderStatus, actor: str, now: datetime, reason: str | None = None) -> None:
        """Follow returns and refunds to ``target`` when the lifecycle allows it (a refunded order stays so).
        Refunded in full before anything shipped, its goods are no longer sold: their undoing is pending."""
        if target == self.status or not may_move(self.status, target):
            return
        self._move(target, actor, now, reason)
        if target == "refunded" and not self.shipped:
            self.cancel_pending = True

    def refund(self, total: int, now: datetime, *, reason: str | None, return_id: UUID | None = None) -> int:
        """The payment's refunds reached ``total``: what that adds (0 when already known), raising
        ``OrderRefunded`` for it."""
        added = total - self.refunded
        if added <= 0:
            return 0
        self.refunded, self.updated_at = total, now
        currency = self.plan.currency
        self.events.append(
            OrderRefunded(
                order_id=self.id,
                email=self.plan.email,
                amount=Money(amount=added, currency=currency),
                total_refunded=Money(amount=total, currency=currency),
                return_id=return_id,
                reason=reason,
            )
        )
        return added

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
            refunded=Money(amount=self.refunded, currency=plan.currency) if self.refunded else None,
        )
