"""Staff routes of the orders domain: orders (moves and refunds) and returns."""

from __future__ import annotations

from typing import Any

from domains.orders.admin.orders import OrderAdminController
from domains.orders.admin.returns import ReturnAdminController

ROUTES: list[Any] = [OrderAdminController, ReturnAdminController]

__all__ = ["ROUTES"]
