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
    from domains.payments.ports.fraud import FraudScreening, Wallet


PROVIDERS_PORT = "payments.providers"


def bootstrap(runtime: Runtime) -> PaymentsDeps:
    from domains.payments.ports import PaymentsDeps
    from domains.payments.repository import PgPaymentStore
    from domains.payments.repository.webhooks import PgWebhookStore

    return PaymentsDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        payments=PgPaymentStore(),
        providers=runtime.ports.get(PROVIDERS_PORT, {}),
        fraud=_fraud_screening(runtime.settings),
        wallet=_wallet(),
        webhooks=PgWebhookStore(),
    )


def _fraud_screening(settings: Any) -> FraudScreening:
    from domains.payments.model.fraud import FraudRules
    from domains.payments.ports.fraud import FraudScreening
    from domains.payments.repository.blocklist import PgBlocklistStore
    from domains.payments.repository.fraud import PgFraudStore

    rules = FraudRules(
        review_score=settings.fraud_review_score,
        block_score=settings.fraud_block_score,
        amount_threshold=settings.fraud_amount_threshold,
        currency=settings.default_currency,
        window_seconds=settings.fraud_velocity_window,
        email_limit=settings.fraud_velocity_email,
        ip_limit=settings.fraud_velocity_ip,
        card_limit=settings.fraud_velocity_card,
    )
    return FraudScreening(rules=rules, store=PgFraudStore(), blocklist=PgBlocklistStore())


def _wallet() -> Wallet:
    from datetime import UTC, datetime

    from domains.payments.ports.fraud import Wallet
    from domains.payments.repository.methods import PgSavedMethodStore

    return Wallet(methods=PgSavedMethodStore(), clock=lambda: datetime.now(UTC))


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
