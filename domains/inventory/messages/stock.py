"""Stock per SKU and warehouse, staff's changes to it, its ledger and the events its changes raise.

``available = on_hand - reserved``; reserved units are held by carts or allocated
to orders. Quantities are whole units.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page

MovementKind = Literal[
    "receipt", "adjustment", "reservation", "release", "allocation", "shipment", "return", "transfer"
]
# What AdjustStock may record: a count correction, goods received, goods returned by a customer.
AdjustmentKind = Literal["adjustment", "receipt", "return"]


class WarehouseLevel(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    on_hand: int
    reserved: int
    available: int


class StockLevel(msgspec.Struct, frozen=True, kw_only=True):
    """A SKU's stock over all warehouses, and per warehouse (highest priority first)."""

    sku: str
    on_hand: int
    reserved: int
    available: int
    warehouses: list[WarehouseLevel]
    low_stock_threshold: int | None


class Movement(msgspec.Struct, frozen=True, kw_only=True):
    """One ledger line. ``quantity`` is signed: the change to on_hand (receipt, adjustment, return,
    transfer, shipment) and/or to reserved (reservation, release, allocation, shipment)."""

    id: int
    sku: str
    warehouse: str | None
    kind: MovementKind
    quantity: int
    reason: str | None
    actor: str | None
    reference: str | None
    created_at: datetime


class AdjustStock(Command[StockLevel], frozen=True, kw_only=True, tag="inventory.AdjustStock"):
    """Add (or, negative, remove) units on hand in one warehouse (its code).

    A SKU no catalogue variant has: Invalid naming ``sku``; unknown warehouse: Invalid naming
    ``warehouse``; a change leaving on_hand below 0 or below what is reserved: Conflict.
    ``kind`` says what the ledger records it as.
    """

    key_field = "sku"
    sku: str
    warehouse: str
    delta: int
    reason: str
    actor: str | None = None
    kind: AdjustmentKind = "adjustment"


class TransferStock(Command[StockLevel], frozen=True, kw_only=True, tag="inventory.TransferStock"):
    """Move available units from one warehouse to another, both or neither (a SKU no catalogue
    variant has: Invalid naming ``sku``)."""

    key_field = "sku"
    sku: str
    from_warehouse: str
    to_warehouse: str
    quantity: int
    actor: str | None = None


class SetLowStockThreshold(
    Command[StockLevel], frozen=True, kw_only=True, tag="inventory.SetLowStockThreshold"
):
    """``StockLow`` is raised once each time available falls to ``threshold`` or below; None: never.
    A SKU no catalogue variant has: Invalid naming ``sku``."""

    key_field = "sku"
    sku: str
    threshold: int | None


class GetStock(Query[StockLevel], frozen=True, kw_only=True, tag="inventory.GetStock"):
    """A SKU's level; a catalogue SKU never stocked is a level of zeros; NotFound if neither
    inventory nor the catalogue knows the SKU."""

    sku: str


class GetAvailability(Query[dict[str, int]], frozen=True, kw_only=True, tag="inventory.GetAvailability"):
    """Units available per SKU (0 for one never stocked)."""

    skus: list[str]


class ListMovements(Query[Page[Movement]], frozen=True, kw_only=True, tag="inventory.ListMovements"):
    """The ledger, newest first, of one SKU or of all."""

    sku: str | None = None
    limit: int = 20
    cursor: str | None = None


class StockChanged(Event, frozen=True, kw_only=True, tag="inventory.StockChanged"):
    """A SKU's available changed; ``version`` grows per SKU, so a subscriber keeps the newest."""

    key_field = "sku"
    sku: str
    available: int
    version: int


class StockLow(Event, frozen=True, kw_only=True, tag="inventory.StockLow"):
    """Available fell to the SKU's threshold or below (once per crossing)."""

    key_field = "sku"
    sku: str
    available: int
    threshold: int


class StockDepleted(Event, frozen=True, kw_only=True, tag="inventory.StockDepleted"):
    key_field = "sku"
    sku: str


class StockReplenished(Event, frozen=True, kw_only=True, tag="inventory.StockReplenished"):
    """Available rose above zero (from zero)."""

    key_field = "sku"
    sku: str
    available: int
