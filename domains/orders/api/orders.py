"""Shopper routes of orders: the checkout of a cart, one's own orders, cancelling one."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit
from core.guards import customer_guard, principal_of
from core.http import errors
from core.idempotency import IDEMPOTENCY_ERRORS, REPLAYED_HEADER, IdempotencyKey, idempotent
from core.paging import DEFAULT_LIMIT
from domains.orders.api.caller import client_ip, customer_of
from domains.orders.messages import (
    CancelOrder,
    Checkout,
    ConfirmOrderPayment,
    GetOrder,
    ListOrders,
    OrderPage,
    OrderView,
)
from domains.orders.schemas import (
    ORDER_TOKEN,
    ORDER_TOKEN_HEADER,
    Cancellation,
    CheckoutBody,
    OrderToken,
)

CHECKOUT_TIMEOUTS = 3  # a checkout asks five domains in turn: it may take a few bus timeouts


class CheckoutController(Controller):
    path = "/carts"
    tags = ["orders"]

    @post(
        "/{cart_id:uuid}/checkout",
        operation_id="checkout_cart",
        summary="Pay for the cart and place its order",
        description="Quotes the cart, counts its coupons, allocates its stock and takes the payment; the "
        "reply is the paid order, with `X-Order-Token` (a guest's key to it). 402: declined, the stock "
        "stays held for the cart, which may pay again. 503: the provider failed and nothing was charged. "
        "Send an `Idempotency-Key` to retry safely.",
        status_code=201,
        response_headers=[ORDER_TOKEN_HEADER, REPLAYED_HEADER],
        responses=errors(400, 401, 402, 404, 409, 415, 422, 503, *IDEMPOTENCY_ERRORS),
        opt={"auth": "optional"},
    )
    async def checkout(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        cart_id: FromPath[UUID],
        data: JSONBody[CheckoutBody],
        idempotency_key: IdempotencyKey = None,
    ) -> Response[OrderView]:
        command = Checkout(
            cart_id=cart_id,
            customer_id=customer_of(request),
            email=data.email,
            payment_provider=data.payment.provider,
            payment_token=data.payment.token,
            ip=client_ip(request),
        )
        timeout = request.app.state.settings.bus_timeout * CHECKOUT_TIMEOUTS

        async def respond() -> Response[Any]:
            result = await bus.send(command, timeout=timeout)
            return Response(result.order, status_code=201, headers={ORDER_TOKEN: result.order_token})

        return await idempotent(request, "checkout", respond)


class OrderController(Controller):
    path = "/orders"
    tags = ["orders"]

    @get(
        "/",
        guards=[customer_guard],
        operation_id="list_my_orders",
        summary="The signed-in customer's orders, newest first",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, request: Request[Any, Any, Any], bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> OrderPage:
        customer_id = UUID(principal_of(request).subject)
        return await bus.ask(ListOrders(customer_id=customer_id, limit=limit, cursor=cursor))

    @get(
        "/{order_id:uuid}",
        operation_id="get_order",
        summary="One order with its status history: the customer's own, or a guest's with its X-Order-Token",
        responses=errors(401, 404),
        opt={"auth": "optional"},
    )
    async def show(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        order_token: OrderToken = None,
    ) -> OrderView:
        return await bus.ask(
            GetOrder(order_id=order_id, customer_id=customer_of(request), order_token=order_token)
        )

    @post(
        "/{order_id:uuid}/payment/confirm",
        operation_id="confirm_order_payment",
        summary="Finish a payment that required the shopper's action (3-D Secure) once they have done it",
        description="The checkout answered the order `pending_payment` with `payment.action_url`; after the "
        "shopper confirmed there, this pays the order, or cancels it (402) when the payment failed.",
        status_code=200,
        responses=errors(401, 402, 404, 409, 503),
        opt={"auth": "optional"},
    )
    async def confirm_payment(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        order_token: OrderToken = None,
    ) -> OrderView:
        return await bus.send(
            ConfirmOrderPayment(order_id=order_id, customer_id=customer_of(request), order_token=order_token)
        )

    @post(
        "/{order_id:uuid}/cancel",
        operation_id="cancel_order",
        summary="Cancel the order before it ships: its stock, payment and coupon use are given back",
        description="Repeating it finishes a cancellation that stopped half way. 409 once shipped.",
        status_code=200,
        responses=errors(400, 401, 404, 409, 415, 422, 503),
        opt={"auth": "optional"},
    )
    async def cancel(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        data: JSONBody[Cancellation | None] = None,
        order_token: OrderToken = None,
    ) -> OrderView:
        customer_id = customer_of(request)
        actor = f"customer:{customer_id}" if customer_id else "guest"
        reason = data.reason if data else None
        return await bus.send(
            CancelOrder(
                order_id=order_id,
                customer_id=customer_id,
                actor=actor,
                reason=reason,
                order_token=order_token,
            )
        )
