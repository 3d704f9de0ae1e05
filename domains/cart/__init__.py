"""The cart domain: guest and customer carts, their lines, coupons and delivery choice, priced by quotes."""

from __future__ import annotations

from core.domain import Domain, Runtime
from domains.cart import admin, api
from domains.cart.handlers import HANDLERS, SUBSCRIPTIONS
from domains.cart.messages import MESSAGES
from domains.cart.ports import CartDeps
from domains.cart.tables import TABLES


def bootstrap(runtime: Runtime) -> CartDeps:
    return CartDeps(uow=runtime.uow, bus=runtime.bus)


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
