"""The cart domain: guest and customer carts, their lines, coupons and delivery choice, priced by quotes."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.cart import admin, api
from domains.cart.handlers import HANDLERS, SUBSCRIPTIONS
from domains.cart.messages import MESSAGES
from domains.cart.ports import CartDeps
from domains.cart.repository import PgCartRepository
from domains.cart.tables import TABLES


def bootstrap(runtime: Runtime) -> CartDeps:
    settings = runtime.settings
    return CartDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        carts=PgCartRepository(),
        clock=lambda: datetime.now(UTC),
        default_currency=settings.default_currency,
        currencies=tuple(settings.shop_currencies),
        max_line_quantity=settings.max_line_quantity,
        coupons_per_order=settings.coupons_per_order,
    )


domain = Domain(
    name="cart",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
