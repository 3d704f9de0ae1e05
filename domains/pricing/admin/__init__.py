"""Staff routes of pricing: price lists; exchange rates, tax rates, tax classes and price history."""

from __future__ import annotations

from domains.pricing.admin.price_lists import PriceListAdminController
from domains.pricing.admin.rates import (
    ExchangeRateAdminController,
    ProductPricingAdminController,
    TaxRateAdminController,
)

ROUTES = [
    PriceListAdminController,
    ExchangeRateAdminController,
    TaxRateAdminController,
    ProductPricingAdminController,
]

__all__ = ["ROUTES"]
