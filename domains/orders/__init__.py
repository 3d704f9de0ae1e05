"""The orders domain: the checkout saga, orders with their snapshot and lifecycle, returns and refunds,
and their recovery.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.orders.ports import OrdersDeps


def bootstrap(runtime: Runtime) -> OrdersDeps:
    from domains.orders.ports import OrdersDeps
    from domains.orders.repository import (
        PgCheckoutStore,
        PgOrderRepository,
        PgRefundLedger,
        PgReturnRepository,
    )

    settings = runtime.settings
    return OrdersDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        orders=PgOrderRepository(),
        checkouts=PgCheckoutStore(),
        returns=PgReturnRepository(),
        refunds=PgRefundLedger(),
        clock=lambda: datetime.now(UTC),
        payment_providers=tuple(settings.payment_providers),
        capture=settings.payment_capture,
        return_window_days=settings.return_window_days,
        lease_seconds=settings.checkout_lease_seconds,
        recovery_seconds=settings.checkout_recovery_seconds,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.orders import admin, api
    from domains.orders.handlers import HANDLERS, SUBSCRIPTIONS, WORKERS
    from domains.orders.messages import MESSAGES
    from domains.orders.tables import TABLES

    return Domain(
        name="orders",
        messages=MESSAGES,
        handlers=HANDLERS,
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
