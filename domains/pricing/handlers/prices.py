"""What a SKU costs a shopper in a currency (``PriceSkus``), exchange rates, and the price history.

A price in currency C is the winning price list's price in C (domains.pricing.model.prices),
else the base price converted at C's rate (domains.pricing.model.currencies). A SKU
priced below its regular price is on sale and shows its Omnibus 30-day lowest price.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import FieldError, Invalid
from core.money import Money
from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, check_limit
from domains.pricing.messages import (
    ExchangeRate,
    ExchangeRateChanged,
    ExchangeRatePage,
    GetPriceHistory,
    ListExchangeRates,
    PriceHistoryPage,
    PriceSkus,
    SetExchangeRate,
    SkuPrice,
)
from domains.pricing.model import rules
from domains.pricing.model.currencies import convert
from domains.pricing.model.omnibus import PricePoint, lowest_before
from domains.pricing.model.prices import BasePrice, PriceList, winning_list
from domains.pricing.ports import Rate

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.pricing.messages import TaxClass
    from domains.pricing.ports import PricingDeps

MAX_SKUS = 500
MAX_PRODUCTS = 200


def _shown(rate: Rate) -> ExchangeRate:
    return ExchangeRate(
        currency=rate.currency, rate=str(rate.rate), charm=rate.charm, updated_at=rate.updated_at
    )


async def rate_of(deps: PricingDeps, currency: str) -> Rate | None:
    """The rate to convert base prices into ``currency`` (None for the default currency); Invalid if none."""
    checks = Findings()
    code = rules.shop_currency(currency, deps.currencies, checks)
    checks.raise_any("the currency cannot be priced")
    if code == deps.default_currency:
        return None
    rate = await deps.rates.get(code)
    if rate is None:
        problem = f"no exchange rate for {code} has been set"
        raise Invalid(problem, errors=[FieldError("currency", problem)])
    return rate


@dataclass(frozen=True)
class Asked:
    """What a ``PriceSkus`` asks for, resolved: the currency, its rate, the shopper's segments, the time."""

    currency: str
    rate: Rate | None
    segments: Collection[UUID]
    now: datetime

    def converted(self, amount: int, currency: str) -> Money:
        money = Money(amount=amount, currency=currency)
        return (
            money
            if self.rate is None
            else convert(money, self.currency, self.rate.rate, charm=self.rate.charm)
        )


async def lowest_30d(deps: PricingDeps, base: BasePrice, sale: PriceList, asked: Asked) -> int | None:
    """Omnibus: base changes converted to the sale's currency, public list changes in it."""
    start = sale.sale_start(base.sku)
    points = [
        PricePoint(amount=asked.converted(c.amount, c.currency).amount, at=c.recorded_at)
        if c.source == "base"
        else PricePoint(amount=c.amount, at=c.recorded_at, price_list_id=c.price_list_id)
        for c in await deps.history.public(base.sku, {base.currency, sale.currency}, start)
        if c.amount is not None and (c.source == "base" or c.currency == sale.currency)
    ]
    return lowest_before(points, start, sale.id)


async def sku_price(
    deps: PricingDeps, base: BasePrice, lists: list[PriceList], asked: Asked, tax_class: TaxClass
) -> SkuPrice:
    usual = asked.converted(base.amount, base.currency)
    sale = winning_list(lists, base.sku, asked.currency, asked.segments, asked.now)
    unit = Money(amount=sale.prices[base.sku].amount, currency=asked.currency) if sale else usual
    lowest = None
    if sale is not None and unit.amount < usual.amount:
        amount = await lowest_30d(deps, base, sale, asked)
        lowest = Money(amount=usual.amount if amount is None else amount, currency=asked.currency)
    return SkuPrice(
        sku=base.sku,
        product_id=base.product_id,
        unit_price=unit,
        regular_price=usual,
        lowest_price_30d=lowest,
        price_list_id=sale.id if sale else None,
        tax_class=tax_class,
    )


async def price_skus(query: PriceSkus, deps: PricingDeps) -> list[SkuPrice]:
    check_limit(query.skus, MAX_SKUS, "skus")
    check_limit(query.product_ids, MAX_PRODUCTS, "product_ids")
    currency = (query.currency or deps.default_currency).strip().upper()
    rate = await rate_of(deps, currency)
    named = list(dict.fromkeys(sku.strip().upper() for sku in query.skus))
    bases, classes = await deps.prices.find_classed(named, query.product_ids)
    asked_for = set(named)  # in the order asked, then the products' other SKUs in SKU order
    wanted = [sku for sku in named if sku in bases] + [sku for sku in bases if sku not in asked_for]
    lists = await deps.price_lists.pricing(list(bases), currency)
    asked = Asked(currency=currency, rate=rate, segments=set(query.segment_ids), now=deps.clock())
    return [
        await sku_price(deps, bases[sku], lists, asked, classes.get(bases[sku].product_id, "standard"))
        for sku in wanted
    ]


async def set_exchange_rate(cmd: SetExchangeRate, deps: PricingDeps) -> ExchangeRate:
    checks = Findings()
    currency = rules.shop_currency(cmd.currency, deps.currencies, checks)
    if currency == deps.default_currency:
        checks.add("currency", "the default currency has no exchange rate: its prices are the base prices")
    rate = Rate(
        currency=currency,
        rate=rules.exchange_rate(cmd.rate, checks),
        charm=cmd.charm,
        updated_at=deps.clock(),
    )
    checks.raise_any()
    async with deps.uow() as uow:
        await deps.rates.put(rate)
        uow.add(ExchangeRateChanged(currency=currency, rate=str(rate.rate), charm=rate.charm))
        await uow.commit()
    return _shown(rate)


async def list_exchange_rates(query: ListExchangeRates, deps: PricingDeps) -> ExchangeRatePage:
    rates, after = await deps.rates.page(query.limit, decode_cursor(query.cursor))
    return ExchangeRatePage(
        items=[_shown(rate) for rate in rates], next_cursor=encode_cursor(after) if after else None
    )


async def price_history(query: GetPriceHistory, deps: PricingDeps) -> PriceHistoryPage:
    items, after = await deps.history.page(query.product_id, query.limit, decode_cursor(query.cursor))
    return PriceHistoryPage(items=items, next_cursor=encode_cursor(after) if after else None)


HANDLERS: dict[type[Message], Handler] = {
    PriceSkus: price_skus,
    SetExchangeRate: set_exchange_rate,
    ListExchangeRates: list_exchange_rates,
    GetPriceHistory: price_history,
}
