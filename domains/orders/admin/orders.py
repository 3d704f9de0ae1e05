"""Staff routes of orders (``orders:read`` / ``orders:write``): lists, one order, its moves, refunds."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit
from core.http import errors
from core.idempotency import IDEMPOTENCY_ERRORS, REPLAYED_HEADER, IdempotencyKey, idempotent
from core.money import Money
from core.paging import DEFAULT_LIMIT
from domains.orders.admin.access import READ, WRITE, staff_actor
from domains.orders.messages import (
    CancelOrder,
    DeliverOrder,
    FulfilOrder,
    GetOrder,
    ListAllOrders,
    OrderPage,
    OrderRefund,
    OrderStatus,
    OrderView,
    RefundOrder,
    ShipOrder,
)
from domains.orders.schemas import Cancellation, RefundRequest, Shipment


class OrderAdminController(Controller):
    path = "/admin/orders"
    tags = ["orders: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_orders",
        summary="Orders, newest first, optionally of one status",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        status: FromQuery[OrderStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> OrderPage:
        return await bus.ask(ListAllOrders(status=status, limit=limit, cursor=cursor))

    @get(
        "/{order_id:uuid}",
        guards=READ,
        operation_id="admin_get_order",
        summary="One order with its snapshot, payment and status history",
        responses=errors(401, 403, 404),
    )
    async def show(self, bus: Bus, order_id: FromPath[UUID]) -> OrderView:
        return await bus.ask(GetOrder(order_id=order_id, customer_id=None, as_staff=True))

    @post(
        "/{order_id:uuid}/fulfil",
        guards=WRITE,
        operation_id="admin_fulfil_order",
        summary="Start fulfilling a paid order",
        status_code=200,
        responses=errors(401, 403, 404, 409),
    )
    async def fulfil(self, request: Request[Any, Any, Any], bus: Bus, order_id: FromPath[UUID]) -> OrderView:
        return await bus.send(FulfilOrder(order_id=order_id, actor=staff_actor(request)))

    @post(
        "/{order_id:uuid}/ship",
        guards=WRITE,
        operation_id="admin_ship_order",
        summary="Mark the order shipped: its allocated stock leaves the warehouses",
        description="A payment only authorised at checkout (`MERCATO_PAYMENT_CAPTURE=shipment`) is captured "
        "first: when the capture is refused (409) or the provider fails (503), nothing changes.",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 415, 422, 503),
    )
    async def ship(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        data: JSONBody[Shipment | None] = None,
    ) -> OrderView:
        carrier, tracking = (data.carrier, data.tracking_number) if data else (None, None)
        return await bus.send(
            ShipOrder(
                order_id=order_id, actor=staff_actor(request), carrier=carrier, tracking_number=tracking
            )
        )

    @post(
        "/{order_id:uuid}/deliver",
        guards=WRITE,
        operation_id="admin_deliver_order",
        summary="Mark a shipped order delivered",
        status_code=200,
        responses=errors(401, 403, 404, 409),
    )
    async def deliver(self, request: Request[Any, Any, Any], bus: Bus, order_id: FromPath[UUID]) -> OrderView:
        return await bus.send(DeliverOrder(order_id=order_id, actor=staff_actor(request)))

    @post(
        "/{order_id:uuid}/cancel",
        guards=WRITE,
        operation_id="admin_cancel_order",
        summary="Cancel the order before it ships: its stock, payment and coupon use are given back",
        status_code=200,
        responses=errors(400, 401, 403, 404, 409, 415, 422, 503),
    )
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        data: JSONBody[Cancellation | None] = None,
    ) -> OrderView:
        command = CancelOrder(
            order_id=order_id,
            customer_id=None,
            actor=staff_actor(request),
            reason=data.reason if data else None,
            as_staff=True,
        )
        return await bus.send(command)

    @post(
        "/{order_id:uuid}/refunds",
        guards=WRITE,
        operation_id="admin_refund_order",
        summary="Give money back to the order's payment",
        description="Never more than was captured minus what was refunded: 409 naming `amount` beyond that. "
        "The order becomes `partially_refunded`, or `refunded` once everything went back. Send an "
        "`Idempotency-Key` to retry safely.",
        status_code=201,
        response_headers=[REPLAYED_HEADER],
        responses=errors(400, 401, 403, 404, 409, 415, 422, 503, *IDEMPOTENCY_ERRORS),
    )
    async def refund(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        data: JSONBody[RefundRequest],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[OrderRefund]:
        order = await bus.ask(GetOrder(order_id=order_id, customer_id=None, as_staff=True))
        command = RefundOrder(
            order_id=order_id,
            amount=Money(amount=data.amount, currency=order.currency),
            reason=data.reason,
            actor=staff_actor(request),
        )

        async def respond() -> Response[Any]:
            return Response(await bus.send(command), status_code=201)

        return await idempotent(request, "orders.refund", respond)
