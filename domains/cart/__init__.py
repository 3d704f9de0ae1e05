"""The cart domain: guest and customer carts, their lines, coupons and delivery choice, priced by quotes.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.cart.ports import CartDeps


def bootstrap(runtime: Runtime) -> CartDeps:
    from domains.cart.ports import CartDeps
    from domains.cart.repository import PgCartRepository

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


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.cart import admin, api
    from domains.cart.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.cart.messages import MESSAGES
    from domains.cart.tables import TABLES

    return Domain(
        name="cart",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
