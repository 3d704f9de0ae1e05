"""``QuoteCart``: a cart's price, asked of the catalogue, customers and promotions over the bus.

The steps, each a message so the domains may run apart: the variants (catalogue
``GetVariantsBySku``), the shopper's segments and first-order status (customers
``GetCustomerFacts``), the unit prices (pricing's own ``PriceSkus``), the discounts
(promotions ``EvaluatePromotions``) and the tax of the discounted lines (the tax
provider). A line's ``total`` is its discounted amount plus the tax the rate adds;
an inclusive rate's tax is already in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.money import Money
from core.validation import Findings
from domains.catalog.messages import GetVariantsBySku, VariantFacts
from domains.customers.messages import GetCustomerFacts
from domains.pricing.handlers.prices import price_skus
from domains.pricing.handlers.tax import tax_of
from domains.pricing.messages import (
    Address,
    PriceSkus,
    Quote,
    QuoteCart,
    QuotedPromotion,
    QuotedRejection,
    QuoteLine,
    QuoteTotals,
    SkuPrice,
    TaxableLine,
    TaxBreakdown,
)
from domains.pricing.model import rules
from domains.promotions.messages import EvaluatePromotions, PromotionLine, PromotionResult

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.pricing.ports import PricingDeps

MAX_ITEMS = 100
MAX_COUPONS = 10
MAX_SKU_LENGTH = 64
MAX_CODE_LENGTH = 64


@dataclass(frozen=True)
class Shopper:
    segments: list[UUID]
    first_order: bool
    country: str | None  # of the default shipping address


def _items(query: QuoteCart, most: int, checks: Findings) -> dict[str, int]:
    """The quantity of each SKU (upper-cased; a SKU listed twice adds up), bad ones recorded."""
    checks.at_most(query.items, MAX_ITEMS, "items")
    if not query.items:
        checks.add("items", "must hold at least one item")
    wanted: dict[str, int] = {}
    for i, item in enumerate(query.items):
        sku = checks.text(item.sku, f"items[{i}].sku", longest=MAX_SKU_LENGTH).upper()
        if not 1 <= item.quantity <= most:
            checks.add(f"items[{i}].quantity", f"must be between 1 and {most}")
        wanted[sku] = wanted.get(sku, 0) + item.quantity
    for sku, quantity in wanted.items():
        if quantity > most and not checks:
            checks.add("items", f"{sku} is listed more than once and comes to {quantity}, more than {most}")
    return wanted


def _codes(query: QuoteCart, checks: Findings) -> list[str]:
    checks.at_most(query.coupon_codes, MAX_COUPONS, "coupon_codes")
    codes = [
        checks.text(code, f"coupon_codes[{i}]", longest=MAX_CODE_LENGTH)
        for i, code in enumerate(query.coupon_codes)
    ]
    return list(dict.fromkeys(codes))


def _sellable(
    wanted: dict[str, int], variants: list[VariantFacts], query: QuoteCart
) -> dict[str, VariantFacts]:
    """The variants by SKU; Invalid naming each item whose SKU is unknown or not on sale."""
    known = {variant.sku.upper(): variant for variant in variants}
    checks = Findings()
    for i, item in enumerate(query.items):
        variant = known.get(item.sku.strip().upper())
        if variant is None:
            checks.add(f"items[{i}].sku", f"no product has the SKU {item.sku.strip()!r}")
        elif variant.status != "published":
            checks.add(f"items[{i}].sku", f"{variant.sku} is not on sale")
    checks.raise_any("some items cannot be quoted")
    return {sku: known[sku] for sku in wanted}


async def _shopper(deps: PricingDeps, customer_id: UUID | None) -> Shopper:
    if customer_id is None:
        return Shopper(segments=[], first_order=False, country=None)
    facts = await deps.bus.ask(GetCustomerFacts(customer_id=customer_id))
    return Shopper(segments=facts.segment_ids, first_order=facts.order_count == 0, country=facts.country)


def _address(query: QuoteCart, shopper: Shopper, checks: Findings) -> Address | None:
    given = query.shipping_address
    if given is None:
        return Address(country=shopper.country) if shopper.country else None
    country, region = rules.address(given.country, given.region, checks, "shipping_address")
    return Address(country=country, region=region)


async def quote_cart(query: QuoteCart, deps: PricingDeps) -> Quote:
    checks = Findings()
    wanted = _items(query, deps.max_line_quantity, checks)
    codes = _codes(query, checks)
    checks.amount(query.shipping, "shipping")
    checks.raise_any("the quote cannot be made")
    variants = _sellable(wanted, await deps.bus.ask(GetVariantsBySku(skus=list(wanted))), query)
    shopper = await _shopper(deps, query.customer_id)
    address = _address(query, shopper, checks)
    checks.raise_any("the quote cannot be made")

    priced = await price_skus(
        PriceSkus(skus=list(wanted), currency=query.currency, segment_ids=shopper.segments), deps
    )
    currency = priced[0].unit_price.currency if priced else (query.currency or deps.default_currency)
    prices = {price.sku: price for price in priced}
    skus = [sku for sku in wanted if sku in prices]  # a SKU pricing has not copied yet is not sold yet
    if missing := [sku for sku in wanted if sku not in prices]:
        checks.add("items", f"not priced yet: {', '.join(missing)}")
        checks.raise_any("some items cannot be quoted")

    promotions = await deps.bus.ask(
        EvaluatePromotions(
            currency=currency,
            lines=[_promotion_line(sku, wanted[sku], prices[sku], variants[sku]) for sku in skus],
            shipping=query.shipping,
            coupon_codes=codes,
            customer_id=query.customer_id,
            email=query.email,
            cart_id=query.cart_id,
            segment_ids=shopper.segments,
            first_order=shopper.first_order,
            record_exposure=query.record_exposure,
        )
    )
    gross = [prices[sku].unit_price.amount * wanted[sku] for sku in skus]
    net = [amount - discount for amount, discount in zip(gross, promotions.line_discounts, strict=True)]
    taxed = None
    if address is not None:
        taxable = [
            TaxableLine(amount=amount, tax_class=prices[sku].tax_class)
            for sku, amount in zip(skus, net, strict=True)
        ]
        taxed = await tax_of(deps.tax, currency, address, taxable)
    return _quote(currency, skus, wanted, prices, variants, promotions, gross, net, taxed, query.shipping)


def _promotion_line(sku: str, quantity: int, price: SkuPrice, variant: VariantFacts) -> PromotionLine:
    return PromotionLine(
        sku=sku,
        quantity=quantity,
        unit_price=price.unit_price.amount,
        category_ids=variant.category_ids,
        brand_id=variant.brand_id,
    )


def _quote(
    currency: str,
    skus: list[str],
    wanted: dict[str, int],
    prices: dict[str, SkuPrice],
    variants: dict[str, VariantFacts],
    promotions: PromotionResult,
    gross: list[int],
    net: list[int],
    taxed: TaxBreakdown | None,
    shipping: int,
) -> Quote:
    def money(amount: int) -> Money:
        return Money(amount=amount, currency=currency)

    lines = []
    for i, sku in enumerate(skus):
        tax = taxed.lines[i] if taxed else None
        variant = variants[sku]
        lines.append(
            QuoteLine(
                sku=sku,
                quantity=wanted[sku],
                unit_price=prices[sku].unit_price,
                discount=money(promotions.line_discounts[i]),
                tax=tax.tax if tax else money(0),
                total=tax.total if tax else money(net[i]),
                product_id=variant.product_id,
                variant_id=variant.variant_id,
                product_name=variant.product_name,
                tax_class=prices[sku].tax_class,
                tax_rate=tax.rate if tax else None,
                tax_inclusive=tax.inclusive if tax else False,
                weight_grams=variant.weight_grams,
            )
        )
    discount = sum(promotions.line_discounts) + promotions.shipping_discount
    total = sum(line.total.amount for line in lines) + shipping - promotions.shipping_discount
    return Quote(
        currency=currency,
        lines=lines,
        totals=QuoteTotals(
            subtotal=money(sum(gross)),
            discount=money(discount),
            shipping=money(shipping),
            tax=taxed.tax if taxed else money(0),
            total=money(total),
        ),
        applied_promotions=[
            QuotedPromotion(id=p.id, name=p.name, amount=money(p.amount), code=p.code, variant=p.variant)
            for p in promotions.applied
        ],
        rejected_coupons=[QuotedRejection(code=r.code, reason=r.reason) for r in promotions.rejected],
        explanations=promotions.explanations,
        tax_known=taxed is not None,
    )


HANDLERS: dict[type[Message], Handler] = {QuoteCart: quote_cart}
