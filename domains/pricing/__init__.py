"""The pricing domain: base prices copied from the catalogue, price lists, currencies, history, tax.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.pricing.ports import PricingDeps


def bootstrap(runtime: Runtime) -> PricingDeps:
    from domains.pricing.ports import PricingDeps
    from domains.pricing.repository import (
        PgBasePriceStore,
        PgExchangeRates,
        PgPriceHistory,
        PgPriceListStore,
        PgTaxRates,
    )

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


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.pricing import admin, api
    from domains.pricing.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.pricing.messages import MESSAGES
    from domains.pricing.tables import TABLES

    return Domain(
        name="pricing",
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
