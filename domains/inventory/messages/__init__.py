"""The inventory domain's public contract: the one module other domains import.

Split by aggregate: ``warehouses``, ``stock`` (levels, staff's changes, the
ledger, stock events) and ``reservations`` (carts' holds, orders' allocations).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.inventory.messages import reservations, stock, warehouses
from domains.inventory.messages.reservations import (
    AllocateStock,
    Allocation,
    AllocationLine,
    GetAllocation,
    GetReservations,
    ItemQuantity,
    MoveReservations,
    ReleaseAllocation,
    ReleaseReservations,
    RenewReservations,
    Reservation,
    ReserveStock,
    ShipAllocation,
)
from domains.inventory.messages.stock import (
    AdjustmentKind,
    AdjustStock,
    GetAvailability,
    GetStock,
    ListMovements,
    Movement,
    MovementKind,
    SetLowStockThreshold,
    StockChanged,
    StockDepleted,
    StockLevel,
    StockLow,
    StockReplenished,
    TransferStock,
    WarehouseLevel,
)
from domains.inventory.messages.warehouses import (
    CreateWarehouse,
    ListWarehousePage,
    ListWarehouses,
    Warehouse,
    WarehouseCreated,
)

COMMANDS, QUERIES, EVENTS = declared_in(warehouses, stock, reservations)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AdjustStock",
    "AdjustmentKind",
    "AllocateStock",
    "Allocation",
    "AllocationLine",
    "CreateWarehouse",
    "GetAllocation",
    "GetAvailability",
    "GetReservations",
    "GetStock",
    "ItemQuantity",
    "ListMovements",
    "ListWarehousePage",
    "ListWarehouses",
    "MoveReservations",
    "Movement",
    "MovementKind",
    "ReleaseAllocation",
    "ReleaseReservations",
    "RenewReservations",
    "Reservation",
    "ReserveStock",
    "SetLowStockThreshold",
    "ShipAllocation",
    "StockChanged",
    "StockDepleted",
    "StockLevel",
    "StockLow",
    "StockReplenished",
    "TransferStock",
    "Warehouse",
    "WarehouseCreated",
    "WarehouseLevel",
]
