"""The inventory domain: warehouses, stock per SKU and warehouse, the movements ledger, reservations and allocations."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.inventory import admin, api
from domains.inventory.handlers import HANDLERS, SUBSCRIPTIONS, WORKERS
from domains.inventory.messages import MESSAGES
from domains.inventory.ports import InventoryDeps
from domains.inventory.repository import PgAllocationStore, PgHoldStore, PgStockStore, PgWarehouseStore
from domains.inventory.tables import TABLES


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> InventoryDeps:
    settings = runtime.settings
    return InventoryDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        warehouses=PgWarehouseStore(),
        stock=PgStockStore(),
        holds=PgHoldStore(),
        allocations=PgAllocationStore(),
        clock=utc_now,
        reservation_ttl=getattr(settings, "reservation_ttl", 900),
        sweep_seconds=getattr(settings, "reservation_sweep_seconds", 5.0),
    )


domain = Domain(
    name="inventory",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
    workers=WORKERS,
)

__all__ = ["domain"]
