"""Changing what is in a cart: its lines, keyed by SKU, and its coupon codes.

Every change of a line holds the line's new quantity of stock for the cart
(``inventory.ReserveStock``); not enough stock is a Conflict (409) and the cart
stays as it was. A cart that is checked out or merged refuses changes (409).
"""

from __future__ import annotations

from uuid import UUID

from core.messages import Command
from domains.cart.messages.carts import CartView


class AddCartItem(Command[CartView], frozen=True, kw_only=True, tag="cart.AddCartItem"):
    """Adds ``quantity`` units of ``sku``; a SKU already in the cart raises that line's quantity.

    Invalid naming ``sku`` for a SKU the shop does not sell, naming ``quantity`` for a
    quantity (or resulting line quantity) outside 1..``max_line_quantity``.
    """

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    sku: str
    quantity: int


class UpdateCartItem(Command[CartView], frozen=True, kw_only=True, tag="cart.UpdateCartItem"):
    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    item_id: UUID
    quantity: int


class RemoveCartItem(Command[CartView], frozen=True, kw_only=True, tag="cart.RemoveCartItem"):
    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    item_id: UUID


class ApplyCoupon(Command[CartView], frozen=True, kw_only=True, tag="cart.ApplyCoupon"):
    """Adds a coupon code the quote accepts; a refused one is Invalid naming ``code`` with the
    reason (``unknown``, ``expired``, ``not_started``, ``usage_limit_reached``,
    ``minimum_not_met``, ``not_applicable``) as its message, and the cart keeps its codes."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    code: str


class RemoveCoupon(Command[CartView], frozen=True, kw_only=True, tag="cart.RemoveCoupon"):
    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None
    code: str
