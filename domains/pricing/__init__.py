"""The pricing domain: base prices copied from the catalogue, price lists, currencies, history, tax."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.pricing import admin, api
from domains.pricing.handlers import HANDLERS, SUBSCRIPTIONS
from domains.pricing.messages import MESSAGES
from domains.pricing.ports import PricingDeps
from domains.pricing.repository import (
    PgBasePriceStore,
    PgExchangeRates,
    PgPriceHistory,
    PgPriceListStore,
    PgTaxRates,
)
from domains.pricing.tables import TABLES


def bootstrap(runtime: Runtime) -> PricingDeps:
    settings = runtime.settings
    tax_rates = PgTaxRates()
    return PricingDeps(
        uow=runtime.uow,
        prices=PgBasePriceStore(),
        price_lists=PgPriceListStore(),
        history=PgPriceHistory(),
        rates=PgExchangeRates(),
        tax_rates=tax_rates,
        tax=runtime.ports["pricing.tax"](tax_rates),
        clock=lambda: datetime.now(UTC),
        bus=runtime.bus,
        default_currency=settings.default_currency,
        currencies=tuple(settings.shop_currencies),
        max_line_quantity=settings.max_line_quantity,
    )


domain = Domain(
    name="pricing",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
