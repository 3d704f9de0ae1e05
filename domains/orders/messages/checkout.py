"""The checkout: a cart becomes a paid order, or nothing at all."""

from __future__ import annotations

from uuid import UUID

import msgspec

from core.messages import Command
from domains.orders.messages.orders import OrderView


class CheckoutResult(msgspec.Struct, frozen=True, kw_only=True):
    """The placed order and the secret a guest shows (``X-Order-Token``) to read it; shown once."""

    order: OrderView
    order_token: str


class Checkout(Command[CheckoutResult], frozen=True, kw_only=True, tag="orders.Checkout"):
    """Quote, count coupon use, allocate the cart's stock, take the payment, place the order.

    Every step that ran is undone, in reverse, when a later one fails: a declined payment
    (``PaymentRequired``, 402) leaves the stock held for the same cart, which may pay again.
    Out of stock is a Conflict naming the sku; a cart without items, shipping address,
    shipping method, or a guest without email is Invalid naming the field; a cart already
    checked out (or being checked out) is a Conflict.
    """

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    email: str | None = None
    payment_provider: str
    payment_token: str | None = None
    ip: str | None = None  # the shopper's address, for the payment's fraud rules
