"""The inventory domain: warehouses, stock per SKU and warehouse, the movements ledger, reservations and allocations."""

from __future__ import annotations

from core.domain import Domain, Runtime
from domains.inventory import admin, api
from domains.inventory.handlers import HANDLERS, SUBSCRIPTIONS
from domains.inventory.messages import MESSAGES
from domains.inventory.ports import InventoryDeps
from domains.inventory.tables import TABLES


def bootstrap(runtime: Runtime) -> InventoryDeps:
    return InventoryDeps(uow=runtime.uow, bus=runtime.bus)


domain = Domain(
    name="inventory",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
