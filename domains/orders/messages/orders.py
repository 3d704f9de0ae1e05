"""Orders: the snapshot a checkout placed, its lifecycle, and what staff and shoppers ask of it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from domains.cart import messages as cart
from domains.inventory.messages import ItemQuantity
from domains.pricing.messages import QuotedPromotion, QuoteTotals

OrderStatus = Literal[
    "pending_payment",
    "paid",
    "fulfilling",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
    "partially_refunded",
    "return_requested",
    "returned",
]


class OrderItem(msgspec.Struct, frozen=True, kw_only=True):
    """One line as it was sold: names and prices are copies, never looked up again."""

    sku: str
    product_id: UUID
    variant_id: UUID
    product_name: str
    quantity: int
    unit_price: Money
    discount: Money
    tax: Money
    total: Money
    tax_rate: str | None


class StatusChange(msgspec.Struct, frozen=True, kw_only=True):
    status: OrderStatus
    at: datetime
    actor: str  # "customer:<id>", "guest", "staff:<id>", "payment:<provider>", "system"
    reason: str | None = None


class OrderPayment(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    status: str
    provider: str
    action_url: str | None = None  # where the shopper confirms a payment that requires it (3-D Secure)


class OrderView(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    number: str
    status: OrderStatus
    customer_id: UUID | None
    email: str | None
    currency: str
    items: list[OrderItem]
    totals: QuoteTotals
    shipping_address: cart.CartAddress | None
    shipping_method: cart.ChosenShipping | None
    applied_promotions: list[QuotedPromotion]
    coupon_codes: list[str]
    status_history: list[StatusChange]
    payment: OrderPayment | None
    placed_at: datetime
    carrier: str | None = None
    tracking_number: str | None = None
    refunded: Money | None = None  # everything given back so far (None: nothing)


class OrderPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[OrderView]
    next_cursor: str | None = None


class CancelOrder(Command[OrderView], frozen=True, kw_only=True, tag="orders.CancelOrder"):
    """Cancel before shipment: the stock goes back, the payment is voided or refunded, coupon use is
    given back. Repeating it finishes a cancellation left half done. ``customer_id`` (or the guest's
    ``order_token``) must own the order unless ``as_staff``."""

    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    actor: str
    reason: str | None = None
    order_token: str | None = None
    as_staff: bool = False


class FulfilOrder(Command[OrderView], frozen=True, kw_only=True, tag="orders.FulfilOrder"):
    key_field = "order_id"
    order_id: UUID
    actor: str


class ShipOrder(Command[OrderView], frozen=True, kw_only=True, tag="orders.ShipOrder"):
    """The allocated units leave the warehouses (``inventory.ShipAllocation``)."""

    key_field = "order_id"
    order_id: UUID
    actor: str
    carrier: str | None = None
    tracking_number: str | None = None


class DeliverOrder(Command[OrderView], frozen=True, kw_only=True, tag="orders.DeliverOrder"):
    key_field = "order_id"
    order_id: UUID
    actor: str


class ConfirmOrderPayment(Command[OrderView], frozen=True, kw_only=True, tag="orders.ConfirmOrderPayment"):
    """The shopper has done what their payment required (3-D Secure): finish it; the order is paid,
    or cancelled with its stock and coupon use given back when the payment fails (then 402)."""

    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    order_token: str | None = None


class GetOrder(Query[OrderView], frozen=True, kw_only=True, tag="orders.GetOrder"):
    """The order of ``customer_id``, or of the guest holding its ``order_token``; another's is NotFound."""

    order_id: UUID
    customer_id: UUID | None
    order_token: str | None = None
    as_staff: bool = False


class ListOrders(Query[OrderPage], frozen=True, kw_only=True, tag="orders.ListOrders"):
    """The customer's own orders, newest first."""

    customer_id: UUID
    limit: int = 20
    cursor: str | None = None


class ListAllOrders(Query[OrderPage], frozen=True, kw_only=True, tag="orders.ListAllOrders"):
    """Every order, newest first, optionally of one status (staff)."""

    status: OrderStatus | None = None
    limit: int = 20
    cursor: str | None = None


class OrderPlaced(Event, frozen=True, kw_only=True, tag="orders.OrderPlaced"):
    key_field = "order_id"
    order_id: UUID
    number: str
    customer_id: UUID | None
    email: str | None
    total: Money
    items: list[ItemQuantity]
    coupon_codes: list[str]
    placed_at: datetime


class OrderPaid(Event, frozen=True, kw_only=True, tag="orders.OrderPaid"):
    key_field = "order_id"
    order_id: UUID
    amount: Money


class OrderCancelled(Event, frozen=True, kw_only=True, tag="orders.OrderCancelled"):
    key_field = "order_id"
    order_id: UUID
    customer_id: UUID | None
    reason: str | None


class OrderShipped(Event, frozen=True, kw_only=True, tag="orders.OrderShipped"):
    key_field = "order_id"
    order_id: UUID
    carrier: str | None
    tracking_number: str | None


class OrderDelivered(Event, frozen=True, kw_only=True, tag="orders.OrderDelivered"):
    """Every parcel of the order arrived (a carrier said so, or staff did): its shipments read delivered."""

    key_field = "order_id"
    order_id: UUID


class OrderFulfilmentCancelled(Event, frozen=True, kw_only=True, tag="orders.OrderFulfilmentCancelled"):
    """The order was refunded in full before anything of it shipped and its stock is back: its goods are
    no longer sold, so its shipments not yet gone are cancelled (the order stays ``refunded``)."""

    key_field = "order_id"
    order_id: UUID
