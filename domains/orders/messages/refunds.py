"""Refunds of an order: given back by staff, or for a received return, always to the original payment."""

from __future__ import annotations

from uuid import UUID

import msgspec

from core.messages import Command, Event
from core.money import Money
from domains.orders.messages.orders import OrderStatus


class OrderRefund(msgspec.Struct, frozen=True, kw_only=True):
    """What one refund gave back, everything refunded so far, and where that leaves the order."""

    order_id: UUID
    amount: Money
    total_refunded: Money
    status: OrderStatus
    payment_status: str


class RefundOrder(Command[OrderRefund], frozen=True, kw_only=True, tag="orders.RefundOrder"):
    """Give ``amount`` back to the order's payment: never more than captured minus refunded (a
    Conflict naming ``amount``, guarded by payments). The order becomes ``partially_refunded`` or
    ``refunded``."""

    key_field = "order_id"
    order_id: UUID
    amount: Money
    reason: str
    actor: str


class OrderRefunded(Event, frozen=True, kw_only=True, tag="orders.OrderRefunded"):
    """``amount`` went back to the shopper now; ``total_refunded`` is everything so far. ``return_id``
    names the return it paid for, if any."""

    key_field = "order_id"
    order_id: UUID
    email: str | None
    amount: Money
    total_refunded: Money
    return_id: UUID | None = None
    reason: str | None = None
