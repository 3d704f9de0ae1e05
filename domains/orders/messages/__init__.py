"""The orders domain's public contract: the one module other domains import.

Split by aggregate: ``orders`` (the placed order, its lifecycle and views) and
``checkout`` (the saga that places one).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.orders.messages import checkout, orders
from domains.orders.messages.checkout import Checkout, CheckoutResult
from domains.orders.messages.orders import (
    CancelOrder,
    DeliverOrder,
    FulfilOrder,
    GetOrder,
    ListAllOrders,
    ListOrders,
    OrderCancelled,
    OrderDelivered,
    OrderItem,
    OrderPage,
    OrderPaid,
    OrderPayment,
    OrderPlaced,
    OrderShipped,
    OrderStatus,
    OrderView,
    ShipOrder,
    StatusChange,
)

COMMANDS, QUERIES, EVENTS = declared_in(checkout, orders)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "CancelOrder",
    "Checkout",
    "CheckoutResult",
    "DeliverOrder",
    "FulfilOrder",
    "GetOrder",
    "ListAllOrders",
    "ListOrders",
    "OrderCancelled",
    "OrderDelivered",
    "OrderItem",
    "OrderPage",
    "OrderPaid",
    "OrderPayment",
    "OrderPlaced",
    "OrderShipped",
    "OrderStatus",
    "OrderView",
    "ShipOrder",
    "StatusChange",
]
