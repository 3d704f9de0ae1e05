"""Shopper routes of the orders domain: the checkout of a cart, one's own orders, their returns."""

from __future__ import annotations

from typing import Any

from domains.orders.api.orders import CheckoutController, OrderController
from domains.orders.api.returns import OrderReturnController

ROUTES: list[Any] = [CheckoutController, OrderController, OrderReturnController]

__all__ = ["ROUTES"]
