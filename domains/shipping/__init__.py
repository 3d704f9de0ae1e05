"""The shipping domain: shipping zones and methods, and the rates a shopper can choose from."""

from __future__ import annotations

from core.domain import Domain, Runtime
from domains.shipping import admin, api
from domains.shipping.handlers import HANDLERS, SUBSCRIPTIONS
from domains.shipping.messages import MESSAGES
from domains.shipping.ports import ShippingDeps
from domains.shipping.repository import PgMethods, PgZones
from domains.shipping.tables import TABLES


def bootstrap(runtime: Runtime) -> ShippingDeps:
    return ShippingDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        zones=PgZones(),
        methods=PgMethods(),
        carriers=runtime.ports["shipping.carriers"],
        default_currency=runtime.settings.default_currency,
    )


domain = Domain(
    name="shipping",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
