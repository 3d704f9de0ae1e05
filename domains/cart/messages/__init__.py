"""The cart domain's public contract: the one module other domains import.

Split by subject: ``addresses`` (plain values), ``carts`` (the cart as shown and as the checkout reads it, its
creation, merging and completion), ``lines`` (items and coupon codes) and
``delivery`` (shipping address, rates and method).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.cart.messages import carts, delivery, lines
from domains.cart.messages.addresses import CartAddress, ChosenShipping
from domains.cart.messages.carts import (
    CartCheckedOut,
    CartLine,
    CartTotals,
    CartView,
    CheckoutCart,
    CompleteCart,
    CreateCart,
    GetCart,
    GetCheckoutCart,
    MergeCart,
    Status,
)
from domains.cart.messages.delivery import ChooseShippingMethod, ListShippingRates, SetShippingAddress
from domains.cart.messages.lines import (
    AddCartItem,
    ApplyCoupon,
    RemoveCartItem,
    RemoveCoupon,
    UpdateCartItem,
)

COMMANDS, QUERIES, EVENTS = declared_in(carts, lines, delivery)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AddCartItem",
    "ApplyCoupon",
    "CartAddress",
    "CartCheckedOut",
    "CartLine",
    "CartTotals",
    "CartView",
    "CheckoutCart",
    "ChooseShippingMethod",
    "ChosenShipping",
    "CompleteCart",
    "CreateCart",
    "GetCart",
    "GetCheckoutCart",
    "ListShippingRates",
    "MergeCart",
    "RemoveCartItem",
    "RemoveCoupon",
    "SetShippingAddress",
    "Status",
    "UpdateCartItem",
]
