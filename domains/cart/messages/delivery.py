"""Where a cart goes and how: its shipping address, the methods serving it, the one chosen."""

from __future__ import annotations

from uuid import UUID

from core.messages import Command, Query
from domains.cart.messages.addresses import CartAddress
from domains.cart.messages.carts import CartView
from domains.shipping.messages import ShippingOption


class SetShippingAddress(Command[CartView], frozen=True, kw_only=True, tag="cart.SetShippingAddress"):
    """Invalid naming each bad field; a chosen method that does not serve the new address is dropped."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    address: CartAddress


class ListShippingRates(Query[list[ShippingOption]], frozen=True, kw_only=True, tag="cart.ListShippingRates"):
    """The methods serving the cart's address, priced for its weight and subtotal; Invalid naming
    ``shipping_address`` when it has none yet."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None


class ChooseShippingMethod(Command[CartView], frozen=True, kw_only=True, tag="cart.ChooseShippingMethod"):
    """Invalid naming ``method_id`` for a method that is unknown or does not serve the address."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    method_id: UUID
