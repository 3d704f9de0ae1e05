"""The ``table`` tax provider: the rates staff keep in pricing, applied by pricing's own rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from domains.pricing.model.tax import breakdown, charge, rate_for

if TYPE_CHECKING:
    from domains.pricing.messages import Address, TaxableLine, TaxBreakdown
    from domains.pricing.ports import TaxRateSource


class TableTaxProvider:
    """Each line taxed at its address's most specific rate for its class (domains.pricing.model.tax)."""

    def __init__(self, rates: TaxRateSource) -> None:
        self._rates = rates

    async def quote(self, currency: str, address: Address, lines: Sequence[TaxableLine]) -> TaxBreakdown:
        rates = await self._rates.rates_in(address.country)
        charges = [charge(line.amount, rate_for(rates, address.region, line.tax_class)) for line in lines]
        return breakdown(charges, currency)
