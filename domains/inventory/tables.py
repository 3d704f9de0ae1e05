"""The inventory domain's Piccolo tables. Keys, CHECK constraints and the ledger's
append-only trigger live in its migration; the stores write with hand-made SQL."""

from __future__ import annotations

from piccolo.columns import UUID, BigInt, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class InventoryWarehouse(Table, tablename="inventory_warehouses"):
    id = UUID(primary_key=True)
    code = Varchar(length=32, unique=True)
    name = Varchar(length=200)
    country = Varchar(length=2)
    priority = Integer(default=0)
    created_at = Timestamptz()


class InventoryLevel(Table, tablename="inventory_levels"):
    """Primary key (sku, warehouse_id)."""

    sku = Varchar(length=64)
    warehouse_id = UUID()
    on_hand = BigInt(default=0)
    reserved = BigInt(default=0)


class InventorySku(Table, tablename="inventory_skus"):
    """What was last announced about a SKU, and its low-stock threshold."""

    sku = Varchar(length=64, primary_key=True)
    low_stock_threshold = Integer(null=True, default=None)
    below_threshold = Boolean(default=False)
    available = BigInt(default=0)
    version = BigInt(default=0)


class InventoryMovement(Table, tablename="inventory_movements"):
    id = BigInt(primary_key=True)
    sku = Varchar(length=64)
    warehouse_id = UUID(null=True, default=None)
    kind = Text()
    quantity = BigInt()
    reason = Text(null=True, default=None)
    actor = Text(null=True, default=None)
    reference = Text(null=True, default=None)
    created_at = Timestamptz()


class InventoryHold(Table, tablename="inventory_holds"):
    """Primary key (cart_id, sku, warehouse_id)."""

    cart_id = UUID()
    sku = Varchar(length=64)
    warehouse_id = UUID()
    quantity = BigInt()
    expires_at = Timestamptz()


class InventoryAllocation(Table, tablename="inventory_allocations"):
    order_id = UUID(primary_key=True)
    cart_id = UUID()
    state = Text(default="allocated")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class InventoryAllocationLine(Table, tablename="inventory_allocation_lines"):
    """Primary key (order_id, sku, warehouse_id)."""

    order_id = UUID()
    sku = Varchar(length=64)
    warehouse_id = UUID()
    quantity = BigInt()


TABLES: list[type[Table]] = [
    InventoryWarehouse,
    InventoryLevel,
    InventorySku,
    InventoryMovement,
    InventoryHold,
    InventoryAllocation,
    InventoryAllocationLine,
]
