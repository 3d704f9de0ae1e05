"""The orders domain: the checkout saga, orders with their snapshot and lifecycle, and their recovery."""

from __future__ import annotations

from datetime import UTC, datetime

# customers subscribes to orders' events; importing a domain's messages runs that domain's __init__,
# and orders.messages -> pricing -> customers.handlers -> orders.messages is a cycle: load customers first.
import domains.customers.messages  # noqa: F401
from core.domain import Domain, Runtime
from domains.orders import admin, api
from domains.orders.handlers import HANDLERS, SUBSCRIPTIONS, WORKERS
from domains.orders.messages import MESSAGES
from domains.orders.ports import OrdersDeps
from domains.orders.repository import PgCheckoutStore, PgOrderRepository
from domains.orders.tables import TABLES


def bootstrap(runtime: Runtime) -> OrdersDeps:
    settings = runtime.settings
    return OrdersDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        orders=PgOrderRepository(),
        checkouts=PgCheckoutStore(),
        clock=lambda: datetime.now(UTC),
        payment_providers=tuple(settings.payment_providers),
        lease_seconds=settings.checkout_lease_seconds,
        recovery_seconds=settings.checkout_recovery_seconds,
    )


domain = Domain(
    name="orders",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
    workers=WORKERS,
)

__all__ = ["domain"]
