"""The inventory domain: warehouses, stock per SKU and warehouse, the movements ledger, reservations and allocations.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.inventory.ports import InventoryDeps


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> InventoryDeps:
    from domains.inventory.ports import InventoryDeps
    from domains.inventory.repository import PgAllocationStore, PgHoldStore, PgStockStore, PgWarehouseStore

    settings = runtime.settings
    return InventoryDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        warehouses=PgWarehouseStore(),
        stock=PgStockStore(),
        holds=PgHoldStore(),
        allocations=PgAllocationStore(),
        clock=utc_now,
        reservation_ttl=settings.reservation_ttl,
        sweep_seconds=settings.reservation_sweep_seconds,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.inventory import admin, api
    from domains.inventory.handlers import BATCH_HANDLERS, HANDLERS, SUBSCRIPTIONS, WORKERS
    from domains.inventory.messages import MESSAGES
    from domains.inventory.tables import TABLES

    return Domain(
        name="inventory",
        messages=MESSAGES,
        handlers=HANDLERS,
        batch_handlers=BATCH_HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
        workers=WORKERS,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
