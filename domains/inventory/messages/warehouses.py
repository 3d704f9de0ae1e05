"""Warehouses: the places stock is kept, each with a country and a priority for picking."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page


class Warehouse(msgspec.Struct, frozen=True, kw_only=True):
    """A place stock is kept; higher ``priority`` is picked first."""

    id: UUID
    code: str
    name: str
    country: str
    priority: int
    created_at: datetime


class CreateWarehouse(Command[Warehouse], frozen=True, kw_only=True, tag="inventory.CreateWarehouse"):
    """A new warehouse; ``code`` (upper-cased) must be free (Conflict naming ``code``)."""

    key_field = "code"
    code: str
    name: str
    country: str
    priority: int = 0


class ListWarehouses(Query[list[Warehouse]], frozen=True, kw_only=True, tag="inventory.ListWarehouses"):
    """Every warehouse, highest priority first: what other domains pick from."""


class ListWarehousePage(Query[Page[Warehouse]], frozen=True, kw_only=True, tag="inventory.ListWarehousePage"):
    """Staff's list: a page of warehouses, highest priority first, then by code."""

    limit: int = 20
    cursor: str | None = None


class WarehouseCreated(Event, frozen=True, kw_only=True, tag="inventory.WarehouseCreated"):
    key_field = "code"
    warehouse_id: UUID
    code: str
