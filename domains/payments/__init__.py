"""The payments domain: payments per order through swappable providers, with a transactions ledger.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.payments.ports import PaymentsDeps


PROVIDERS_PORT = "payments.providers"


def bootstrap(runtime: Runtime) -> PaymentsDeps:
    from domains.payments.ports import PaymentsDeps
    from domains.payments.repository import PgPaymentStore

    return PaymentsDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        payments=PgPaymentStore(),
        providers=runtime.ports.get(PROVIDERS_PORT, {}),
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.payments import admin, api
    from domains.payments.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.payments.messages import MESSAGES
    from domains.payments.tables import TABLES

    return Domain(
        name="payments",
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
