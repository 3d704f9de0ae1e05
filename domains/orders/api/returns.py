"""Shopper routes of returns: ask to send delivered units back, and follow the order's returns."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody

from core.controllers import Bus
from core.http import errors
from domains.inventory.messages import ItemQuantity
from domains.orders.api.caller import actor_of, customer_of
from domains.orders.messages import ListReturns, RequestReturn, ReturnView
from domains.orders.schemas import OrderToken, ReturnRequest


class OrderReturnController(Controller):
    path = "/orders/{order_id:uuid}/returns"
    tags = ["orders"]

    @post(
        "/",
        operation_id="request_return",
        summary="Ask to return units of a delivered order",
        description="Within the shop's return window after delivery (`MERCATO_RETURN_WINDOW_DAYS`, 30 by "
        "default): 409 before delivery or past the window. 422 names `items[i].quantity` when more units "
        "are asked than are left to return, `items[i].sku` for a SKU not in the order. A guest shows "
        "the order's `X-Order-Token`.",
        status_code=201,
        responses=errors(400, 401, 404, 409, 415, 422),
        opt={"auth": "optional"},
    )
    async def request(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        data: JSONBody[ReturnRequest],
        order_token: OrderToken = None,
    ) -> ReturnView:
        return await bus.send(
            RequestReturn(
                order_id=order_id,
                customer_id=customer_of(request),
                items=[ItemQuantity(sku=line.sku, quantity=line.quantity) for line in data.items],
                reason=data.reason,
                actor=actor_of(request),
                order_token=order_token,
            )
        )

    @get(
        "/",
        operation_id="list_order_returns",
        summary="The order's returns, oldest first, with their status history and refunds",
        responses=errors(401, 404),
        opt={"auth": "optional"},
    )
    async def index(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        order_token: OrderToken = None,
    ) -> list[ReturnView]:
        return await bus.ask(
            ListReturns(order_id=order_id, customer_id=customer_of(request), order_token=order_token)
        )
