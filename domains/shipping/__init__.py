"""The shipping domain: zones, methods and the rates a shopper can choose from; the shipments of
paid orders, their labels and their tracking.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.shipping.ports import ShippingDeps


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> ShippingDeps:
    from domains.shipping.ports import ShippingDeps
    from domains.shipping.repository import (
        PgDeliveryReports,
        PgMethods,
        PgShipments,
        PgTrackingLog,
        PgZones,
    )

    settings = runtime.settings
    return ShippingDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        zones=PgZones(),
        methods=PgMethods(),
        carriers=runtime.ports["shipping.carriers"],
        shipments=PgShipments(),
        tracking=PgTrackingLog(),
        deliveries=PgDeliveryReports(),
        clock=utc_now,
        default_currency=settings.default_currency,
        poll_seconds=settings.tracking_poll_seconds,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.shipping import admin, api
    from domains.shipping.handlers import HANDLERS, SUBSCRIPTIONS, WORKERS
    from domains.shipping.messages import MESSAGES
    from domains.shipping.tables import TABLES

    return Domain(
        name="shipping",
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
