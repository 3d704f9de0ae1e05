"""Shopper routes of the cart domain (``POST /carts/{id}/checkout`` belongs to orders)."""

from __future__ import annotations

from typing import Any

from domains.cart.api.carts import CartController
from domains.cart.api.delivery import CartDeliveryController
from domains.cart.api.lines import CartLineController

ROUTES: list[Any] = [CartController, CartLineController, CartDeliveryController]

__all__ = ["ROUTES"]
