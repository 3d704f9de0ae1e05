"""Shopper routes of a cart's delivery: its address, the rates serving it, the method chosen."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from core.controllers import Bus
from core.http import errors
from domains.cart import messages as m
from domains.cart.api.caller import OWNER, CartId, customer_of
from domains.cart.schemas import AddressBody, Cart, MethodChoice
from domains.shipping.messages import ShippingOption


class CartDeliveryController(Controller):
    path = "/carts/{cart_id:uuid}"
    tags = ["cart"]

    @post(
        "/shipping-address",
        operation_id="set_cart_shipping_address",
        summary="Where the cart goes",
        description="The country (ISO 3166 alpha-2) and region choose the tax; the postal code is "
        "checked against the country's format where it is known. A chosen shipping method that "
        f"does not serve the new address is dropped. {OWNER}",
        status_code=200,
        responses=errors(400, 401, 404, 409, 415, 422),
        opt={"auth": "optional"},
    )
    async def address(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, data: JSONBody[AddressBody]
    ) -> Cart:
        address = msgspec.convert(msgspec.to_builtins(data), m.CartAddress)
        return await bus.send(
            m.SetShippingAddress(cart_id=cart_id, customer_id=customer_of(request), address=address)
        )

    @get(
        "/shipping-rates",
        operation_id="list_cart_shipping_rates",
        summary="The shipping methods serving the cart's address, priced for its weight and subtotal",
        description="422 naming `shipping_address` while the cart has none; 503 with Retry-After when "
        f"no method can be priced because its carrier is unavailable. {OWNER}",
        responses=errors(401, 404, 422, 503),
        opt={"auth": "optional"},
    )
    async def rates(self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId) -> list[ShippingOption]:
        return await bus.ask(m.ListShippingRates(cart_id=cart_id, customer_id=customer_of(request)))

    @post(
        "/shipping-method",
        operation_id="choose_cart_shipping_method",
        summary="Choose how the cart ships",
        description="One of the cart's shipping rates: a method that is unknown or does not serve the "
        "address is 422 naming `method_id`; without an address, 422 naming `shipping_address`; 503 with "
        f"Retry-After while its carrier is unavailable. {OWNER}",
        status_code=200,
        responses=errors(400, 401, 404, 409, 415, 422, 503),
        opt={"auth": "optional"},
    )
    async def method(
        self, request: Request[Any, Any, Any], bus: Bus, cart_id: CartId, data: JSONBody[MethodChoice]
    ) -> Cart:
        return await bus.send(
            m.ChooseShippingMethod(
                cart_id=cart_id, customer_id=customer_of(request), method_id=data.method_id
            )
        )
