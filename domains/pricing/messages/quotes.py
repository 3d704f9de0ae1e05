"""The quote: what a set of SKUs costs a shopper, with promotions, shipping and tax.

``QuoteCart`` is what ``POST /quotes`` asks, and what the cart and the checkout ask
for their totals, so a shopper sees the same figures everywhere.
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Query
from core.money import Money

Reason = Literal[
    "unknown", "expired", "not_started", "usage_limit_reached", "minimum_not_met", "not_applicable"
]


class QuoteItem(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    quantity: int


class ShippingAddress(msgspec.Struct, frozen=True, kw_only=True):
    """Where the goods go: its country (ISO 3166 alpha-2) and region choose the tax rate."""

    country: str
    region: str | None = None
    postal_code: str | None = None


class QuoteLine(msgspec.Struct, frozen=True, kw_only=True):
    """``total`` is what the line costs: after its discount, with its tax when the rate adds tax."""

    sku: str
    quantity: int
    unit_price: Money
    discount: Money
    tax: Money
    total: Money
    product_id: UUID
    variant_id: UUID
    product_name: str
    tax_class: str
    tax_rate: str | None = None  # None when no address was given: tax is not known yet
    tax_inclusive: bool = False
    weight_grams: int | None = None


class QuoteTotals(msgspec.Struct, frozen=True, kw_only=True):
    """``total`` = ``subtotal`` - ``discount`` + ``shipping`` + the tax the rates add on top."""

    subtotal: Money
    discount: Money  # the lines' discounts and the shipping discount
    shipping: Money  # before its discount
    tax: Money  # included or added: what the shopper pays in tax
    total: Money


class QuotedPromotion(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    amount: Money
    code: str | None = None
    variant: str | None = None


class QuotedRejection(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    reason: Reason


class Quote(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    lines: list[QuoteLine]
    totals: QuoteTotals
    applied_promotions: list[QuotedPromotion]
    rejected_coupons: list[QuotedRejection]
    explanations: list[str]  # why each promotion applied or did not
    tax_known: bool  # False when no shipping address (nor a default one) gave a country


class QuoteCart(Query[Quote], frozen=True, kw_only=True, tag="pricing.QuoteCart"):
    """The price of ``items`` for this shopper.

    Pricing asks the catalogue for the variants, customers for the shopper's segments
    and first-order status, promotions for the discounts and its tax provider for the
    tax; ``shipping`` is the price of the chosen shipping method, in ``currency``.
    Unknown or unsold SKUs, a bad quantity or a currency the shop does not sell in are
    Invalid, naming the field.
    """

    items: list[QuoteItem]
    currency: str | None = None
    coupon_codes: list[str] = []
    shipping_address: ShippingAddress | None = None
    shipping: int = 0
    customer_id: UUID | None = None
    email: str | None = None  # the shopper's (a guest's) email: per-customer promotion limits count it
    cart_id: UUID | None = None
    record_exposure: bool = False  # True for the checkout, which counts A/B exposure once
