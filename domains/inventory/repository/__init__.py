"""The PostgreSQL implementations of the inventory stores."""

from __future__ import annotations

from domains.inventory.repository.allocations import PgAllocationStore
from domains.inventory.repository.holds import PgHoldStore
from domains.inventory.repository.stock import PgStockStore
from domains.inventory.repository.warehouses import PgWarehouseStore

__all__ = ["PgAllocationStore", "PgHoldStore", "PgStockStore", "PgWarehouseStore"]
