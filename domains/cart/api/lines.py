"""Shopper routes changing what is in a cart: items and coupon codes."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, delete, patch, post
from litestar.params import JSONBody, Parameter

from core.controllers import Bus
from core.errors import Invalid
from core.http import errors
from core.ratelimit import attempts
from domains.cart import messages as m
from domains.cart.api.caller import OWNER, CartId, ItemId, customer_of
from domains.cart.schemas import Cart, CouponBody, ItemAdd, ItemChange

STOCK = (
    "Every change holds the line's new quantity of stock for the cart: 409 when there is not "
    "enough, and the cart stays as it was. A checked-out or merged cart refuses changes (409)."
)
REFUSED = (
    "A code the quote refuses is 422: its reason (`unknown`, `expired`, `not_started`, "
    "`usage_limit_reached`, `minimum_not_met`, `not_applicable`) is the message of field `code` "
    "and ends the detail; the cart keeps its codes. An order takes at most the shop's "
    "`coupons_per_order` codes. A free-shipping code is kept before a shipping method is chosen and "
    "takes the shipping off once a paid one is. A code that stops applying before the checkout "
    "(used up, ended) makes the checkout 409 naming it in `coupon_codes`: take it off to pay without it."
)
GUESSING = "Refused codes count per cart and per IP: past a few, 429 with Retry-After."
Code = Annotated[str, Parameter(min_length=1, max_length=64, description="a code the cart holds")]
CHANGE = errors(400, 401, 404, 409, 415, 422)


class CartLineController(Controller):
    path = "/carts/{cart_id:uuid}"
    tags = ["cart"]

    @post(
        "/items",
        operation_id="add_cart_item",
        summary="Put units of a SKU in the cart",
        description="A SKU already in the cart raises its line's quantity. An unknown or unsold SKU "
        f"is 422 naming `sku`. {STOCK} {OWNER}",
        status_code=200,
        responses=CHANGE,
        opt={"auth": "optional"},
    )
    async def add(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, data: JSONBody[ItemAdd]
    ) -> Cart:
        command = m.AddCartItem(
            cart_id=cart_id, customer_id=customer_of(request), sku=data.sku, quantity=data.quantity
        )
        return await bus.send(command)

    @patch(
        "/items/{item_id:uuid}",
        operation_id="update_cart_item",
        summary="Change how many units a line holds",
        description=f"{STOCK} {OWNER}",
        responses=CHANGE,
        opt={"auth": "optional"},
    )
    async def change(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        cart_id: CartId,
        item_id: ItemId,
        data: JSONBody[ItemChange],
    ) -> Cart:
        command = m.UpdateCartItem(
            cart_id=cart_id, customer_id=customer_of(request), item_id=item_id, quantity=data.quantity
        )
        return await bus.send(command)

    @delete(
        "/items/{item_id:uuid}",
        operation_id="remove_cart_item",
        summary="Take a line out of the cart (its stock hold is released)",
        description=OWNER,
        status_code=200,
        responses=errors(401, 404, 409),
        opt={"auth": "optional"},
    )
    async def remove(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, item_id: ItemId
    ) -> Cart:
        return await bus.send(
            m.RemoveCartItem(cart_id=cart_id, customer_id=customer_of(request), item_id=item_id)
        )

    @post(
        "/coupons",
        operation_id="apply_coupon",
        summary="Apply a coupon code",
        description=f"The cart is quoted with the code. {REFUSED} {OWNER} {GUESSING}",
        status_code=200,
        responses={**CHANGE, **errors(429)},
        opt={"auth": "optional"},
    )
    async def apply(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, data: JSONBody[CouponBody]
    ) -> Cart:
        guard = attempts(request).guarding("coupon", str(cart_id), request, failures=(Invalid,), clear=False)
        async with guard:
            return await bus.send(
                m.ApplyCoupon(cart_id=cart_id, customer_id=customer_of(request), code=data.code)
            )

    @delete(
        "/coupons",
        operation_id="remove_coupon",
        summary="Take a coupon code off the cart (the code in the body)",
        description=f"The same as `DELETE /carts/{{id}}/coupons/{{code}}`. {OWNER}",
        status_code=200,
        responses=CHANGE,
        opt={"auth": "optional"},
    )
    async def take_off(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, data: JSONBody[CouponBody]
    ) -> Cart:
        return await bus.send(
            m.RemoveCoupon(cart_id=cart_id, customer_id=customer_of(request), code=data.code)
        )

    @delete(
        "/coupons/{code:str}",
        operation_id="remove_coupon_by_code",
        summary="Take a coupon code off the cart (the code in the path)",
        description=f"404 when the cart does not hold the code. {OWNER}",
        status_code=200,
        responses=errors(400, 401, 404, 409),
        opt={"auth": "optional"},
    )
    async def take_off_code(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, code: Code
    ) -> Cart:
        return await bus.send(m.RemoveCoupon(cart_id=cart_id, customer_id=customer_of(request), code=code))
