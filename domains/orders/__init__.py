"""The orders domain: the checkout saga, orders with their snapshot and lifecycle."""

from __future__ import annotations

from core.domain import Domain, Runtime
from domains.orders import admin, api
from domains.orders.handlers import HANDLERS, SUBSCRIPTIONS
from domains.orders.messages import MESSAGES
from domains.orders.ports import OrdersDeps
from domains.orders.tables import TABLES


def bootstrap(runtime: Runtime) -> OrdersDeps:
    return OrdersDeps(uow=runtime.uow, bus=runtime.bus)


domain = Domain(
    name="orders",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
