"""Carts: what a shopper is about to buy, as the cart shows it and as the checkout reads it.

A guest cart (``customer_id`` None) is addressed by its id alone: the id is its
capability. A customer's cart answers that customer only: anyone else, a guest
included, gets NotFound, as for a cart that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec

from core.messages import Command, Event, Query
from core.money import Money
from domains.cart.messages.addresses import CartAddress, ChosenShipping
from domains.inventory.messages import ItemQuantity
from domains.pricing.messages import QuotedPromotion, QuotedRejection

Status = Literal["active", "checked_out", "merged"]


class CartLine(msgspec.Struct, frozen=True, kw_only=True):
    """One SKU of the cart, priced by the quote; ``on_sale`` False: no longer sold, priced at 0."""

    id: UUID
    sku: str
    quantity: int
    product_name: str
    unit_price: Money
    discount: Money
    tax: Money
    total: Money
    on_sale: bool = True


class CartTotals(msgspec.Struct, frozen=True, kw_only=True):
    subtotal: Money
    discount: Money
    shipping: Money
    tax: Money
    total: Money


class CartView(msgspec.Struct, frozen=True, kw_only=True):
    """The cart with the figures ``pricing.QuoteCart`` gives for it (what ``POST /quotes`` shows)."""

    id: UUID
    customer_id: UUID | None
    email: str | None
    currency: str
    status: Status
    items: list[CartLine]
    totals: CartTotals
    coupon_codes: list[str]
    applied_promotions: list[QuotedPromotion]
    rejected_coupons: list[QuotedRejection]
    shipping_address: CartAddress | None
    shipping_method: ChosenShipping | None
    reserved_until: datetime | None  # until when the stock of the lines is held for this cart
    order_id: UUID | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class CheckoutCart(msgspec.Struct, frozen=True, kw_only=True):
    """What the checkout needs of a cart: its items and the shopper's choices, unpriced."""

    id: UUID
    customer_id: UUID | None
    email: str | None
    currency: str
    status: Status
    items: list[ItemQuantity]
    coupon_codes: list[str]
    shipping_address: CartAddress | None
    shipping_method_id: UUID | None


class CreateCart(Command[CartView], frozen=True, kw_only=True, tag="cart.CreateCart"):
    """A new empty cart; a customer who already has an active cart gets that one back."""

    key_field = "cart_id"
    cart_id: UUID = msgspec.field(default_factory=uuid4)
    customer_id: UUID | None = None
    currency: str | None = None  # the shop's default currency when None
    email: str | None = None


class GetCart(Query[CartView], frozen=True, kw_only=True, tag="cart.GetCart"):
    """The priced cart; looking at an active cart renews its stock holds."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None


class GetCheckoutCart(Query[CheckoutCart], frozen=True, kw_only=True, tag="cart.GetCheckoutCart"):
    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID | None


class MergeCart(Command[CartView], frozen=True, kw_only=True, tag="cart.MergeCart"):
    """The signed-in customer takes the guest cart ``cart_id``: its lines join their active cart
    (quantities add up, at most the line maximum; the stock holds move along), or it becomes
    theirs when they have none. The guest cart ends "merged". Replies with the customer's cart."""

    key_field = "cart_id"
    cart_id: UUID
    customer_id: UUID


class CompleteCart(Command[CartView | None], frozen=True, kw_only=True, tag="cart.CompleteCart"):
    """Active -> checked_out for ``order_id`` (a conditional UPDATE). Conflict when the cart is not
    active; repeating it for the same order replies with the cart again. ``shown=False``: the
    reply is None, and the cart is not quoted to be shown (the checkout has the order's figures)."""

    key_field = "cart_id"
    cart_id: UUID
    order_id: UUID
    shown: bool = True


class CartCheckedOut(Event, frozen=True, kw_only=True, tag="cart.CartCheckedOut"):
    key_field = "cart_id"
    cart_id: UUID
    order_id: UUID
