"""Tax classes of products, the rates staff keep, and the tax of a set of lines.

``tax_of`` is what the quote and the checkout call: it checks the lines and the
address and asks the tax provider the settings chose (the ``table`` one reads
the rates kept here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, found
from domains.pricing.messages import (
    Address,
    AssignTaxClass,
    CreateTaxRate,
    DeleteTaxRate,
    ListTaxRates,
    ProductTaxClass,
    QuoteTax,
    TaxBreakdown,
    TaxClassAssigned,
    TaxRateDetails,
    TaxRatePage,
    TaxRatesChanged,
)
from domains.pricing.model import rules

if TYPE_CHECKING:
    from collections.abc import Sequence

    from core.domain import Handler
    from core.messages import Message
    from domains.pricing.messages import TaxableLine
    from domains.pricing.ports import PricingDeps, TaxProvider

MAX_LINES = 500


async def tax_of(
    provider: TaxProvider, currency: str, address: Address, lines: Sequence[TaxableLine]
) -> TaxBreakdown:
    """The lines' tax at ``address`` by ``provider``; Invalid naming the field for bad input."""
    checks = Findings()
    checks.at_most(lines, MAX_LINES, "lines")
    code = checks.currency(currency)
    country, region = rules.address(address.country, address.region, checks)
    for i, line in enumerate(lines):
        checks.amount(line.amount, f"lines[{i}].amount")
        rules.tax_class(line.tax_class, checks, f"lines[{i}].tax_class")
    checks.raise_any()
    return await provider.quote(code, Address(country=country, region=region), lines)


async def quote_tax(query: QuoteTax, deps: PricingDeps) -> TaxBreakdown:
    return await tax_of(deps.tax, query.currency, query.address, query.lines)


async def assign_tax_class(cmd: AssignTaxClass, deps: PricingDeps) -> ProductTaxClass:
    checks = Findings()
    tax_class = rules.tax_class(cmd.tax_class, checks)
    checks.raise_any()
    async with deps.uow() as uow:
        if not await deps.prices.assign_tax_class(cmd.product_id, tax_class):
            found(None, "product", cmd.product_id)
        uow.add(TaxClassAssigned(product_id=cmd.product_id, tax_class=tax_class))
        await uow.commit()
    return ProductTaxClass(product_id=cmd.product_id, tax_class=tax_class)


async def create_tax_rate(cmd: CreateTaxRate, deps: PricingDeps) -> TaxRateDetails:
    checks = Findings()
    rate = rules.tax_rate(cmd, deps.clock(), checks)
    checks.raise_any()
    async with deps.uow() as uow:
        await deps.tax_rates.add(rate)
        uow.add(TaxRatesChanged(country=rate.country))
        await uow.commit()
    return rate.details()


async def delete_tax_rate(cmd: DeleteTaxRate, deps: PricingDeps) -> None:
    async with deps.uow() as uow:
        rate = found(await deps.tax_rates.delete(cmd.tax_rate_id), "tax rate", cmd.tax_rate_id)
        uow.add(TaxRatesChanged(country=rate.country))
        await uow.commit()


async def list_tax_rates(query: ListTaxRates, deps: PricingDeps) -> TaxRatePage:
    country = query.country.strip().upper() if query.country else None
    rates, after = await deps.tax_rates.page(country, query.limit, decode_cursor(query.cursor))
    return TaxRatePage(
        items=[rate.details() for rate in rates], next_cursor=encode_cursor(after) if after else None
    )


HANDLERS: dict[type[Message], Handler] = {
    QuoteTax: quote_tax,
    AssignTaxClass: assign_tax_class,
    CreateTaxRate: create_tax_rate,
    DeleteTaxRate: delete_tax_rate,
    ListTaxRates: list_tax_rates,
}
