"""The payments domain: payments per order through swappable providers, with a transactions ledger."""

from __future__ import annotations

from core.domain import Domain, Runtime
from domains.payments import admin, api
from domains.payments.handlers import HANDLERS, SUBSCRIPTIONS
from domains.payments.messages import MESSAGES
from domains.payments.ports import PaymentsDeps
from domains.payments.repository import PgPaymentStore
from domains.payments.tables import TABLES

PROVIDERS_PORT = "payments.providers"


def bootstrap(runtime: Runtime) -> PaymentsDeps:
    return PaymentsDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        payments=PgPaymentStore(),
        providers=runtime.ports.get(PROVIDERS_PORT, {}),
    )


domain = Domain(
    name="payments",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
