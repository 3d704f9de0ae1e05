"""The pricing stores on PostgreSQL: prices and history, price lists, exchange and tax rates."""

from __future__ import annotations

from domains.pricing.repository.price_lists import PgPriceListStore
from domains.pricing.repository.prices import PgBasePriceStore, PgPriceHistory
from domains.pricing.repository.rates import PgExchangeRates, PgTaxRates

__all__ = ["PgBasePriceStore", "PgExchangeRates", "PgPriceHistory", "PgPriceListStore", "PgTaxRates"]
