"""Shopper routes of carts as a whole: create, show, merge a guest's cart on sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.openapi.spec import Operation, RequestBody
from litestar.params import JSONBody

from core.controllers import Bus
from core.errors import Forbidden
from core.guards import customer_guard
from core.http import errors
from domains.cart import messages as m
from domains.cart.api.caller import OWNER, CartId, customer_of
from domains.cart.schemas import Cart, CartCreate


@dataclass
class OptionalBody(Operation):
    """An operation whose request body may be left out: Litestar marks every body required."""

    def __post_init__(self) -> None:
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False


class CartController(Controller):
    path = "/carts"
    tags = ["cart"]

    @post(
        "/",
        operation_id="create_cart",
        summary="Start a cart",
        description="Without a token: a guest cart, whose id is its key (keep it secret). With a "
        "customer token: the customer's cart (a customer who has an active cart gets it back). "
        "The currency is one the shop sells in (its default when left out).",
        status_code=201,
        responses=errors(400, 401, 415, 422),
        opt={"auth": "optional"},
        operation_class=OptionalBody,
    )
    async def create(
        self, request: Request[Any, Any, Any], bus: Bus, data: JSONBody[CartCreate | None] = None
    ) -> Cart:
        body = data or CartCreate()
        command = m.CreateCart(customer_id=customer_of(request), currency=body.currency, email=body.email)
        return await bus.send(command)

    @get(
        "/{cart_id:uuid}",
        operation_id="get_cart",
        summary="The cart, priced exactly as POST /quotes prices it",
        description=f"{OWNER} Looking at an active cart renews its stock holds: `reserved_until` says "
        "until when. A line no longer sold shows `on_sale: false` and costs nothing until removed.",
        responses=errors(401, 404),
        opt={"auth": "optional"},
    )
    async def show(self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId) -> Cart:
        return await bus.ask(m.GetCart(cart_id=cart_id, customer_id=customer_of(request)))

    @post(
        "/{cart_id:uuid}/merge",
        operation_id="merge_cart",
        summary="Take a guest cart into the signed-in customer's cart",
        description="The guest cart's lines join the customer's active cart (quantities add up, at "
        "most the line maximum; its stock holds move along) or, when the customer has none, the "
        "guest cart becomes theirs. The guest cart ends `merged`. Replies with the customer's cart.",
        status_code=200,
        guards=[customer_guard],
        responses=errors(401, 403, 404, 409),
    )
    async def merge(self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId) -> Cart:
        customer = customer_of(request)
        if customer is None:
            raise Forbidden("customers only")
        return await bus.send(m.MergeCart(cart_id=cart_id, customer_id=customer))
