"""The orders domain's public contract: the one module other domains import.

Split by aggregate: ``orders`` (the placed order, its lifecycle and views),
``checkout`` (the saga that places one), ``returns`` (RMA) and ``refunds``.
"""

from __future__ import annotations

from core.messages import declared_in
from domains.orders.messages import checkout, orders, refunds, returns
from domains.orders.messages.checkout import Checkout, CheckoutResult
from domains.orders.messages.orders import (
    CancelOrder,
    ConfirmOrderPayment,
    DeliverOrder,
    FulfilOrder,
    GetOrder,
    ListAllOrders,
    ListOrders,
    OrderCancelled,
    OrderDelivered,
    OrderFulfilmentCancelled,
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
from domains.orders.messages.refunds import OrderRefund, OrderRefunded, RefundOrder
from domains.orders.messages.returns import (
    ApproveReturn,
    GetReturn,
    ListAllReturns,
    ListReturns,
    ReceivedItem,
    ReceiveReturn,
    RejectReturn,
    RequestReturn,
    RestockedItem,
    ReturnApproved,
    ReturnPage,
    ReturnReceived,
    ReturnRejected,
    ReturnRequested,
    ReturnStatus,
    ReturnStatusChange,
    ReturnView,
)

COMMANDS, QUERIES, EVENTS = declared_in(checkout, orders, returns, refunds)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "ApproveReturn",
    "CancelOrder",
    "Checkout",
    "CheckoutResult",
    "ConfirmOrderPayment",
    "DeliverOrder",
    "FulfilOrder",
    "GetOrder",
    "GetReturn",
    "ListAllOrders",
    "ListAllReturns",
    "ListOrders",
    "ListReturns",
    "OrderCancelled",
    "OrderDelivered",
    "OrderFulfilmentCancelled",
    "OrderItem",
    "OrderPage",
    "OrderPaid",
    "OrderPayment",
    "OrderPlaced",
    "OrderRefund",
    "OrderRefunded",
    "OrderShipped",
    "OrderStatus",
    "OrderView",
    "ReceiveReturn",
    "ReceivedItem",
    "RefundOrder",
    "RejectReturn",
    "RequestReturn",
    "RestockedItem",
    "ReturnApproved",
    "ReturnPage",
    "ReturnReceived",
    "ReturnRejected",
    "ReturnRequested",
    "ReturnStatus",
    "ReturnStatusChange",
    "ReturnView",
    "ShipOrder",
    "StatusChange",
]
