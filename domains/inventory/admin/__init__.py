"""Staff routes of inventory: warehouses and stock."""

from __future__ import annotations

from domains.inventory.admin.stock import StockAdminController
from domains.inventory.admin.warehouses import WarehouseAdminController

ROUTES = [WarehouseAdminController, StockAdminController]

__all__ = ["ROUTES"]
