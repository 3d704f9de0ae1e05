"""The pricing HTTP shapes, apart from its bus messages so either can change alone.

Amounts are integers of minor units; rates are decimals written as strings
("1.0850", "0.20"), never floats.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from core.controllers import Body, Instant
from core.money import Amount, CurrencyCode
from domains.pricing.messages import PriceChange, TaxClass

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Priority = Annotated[int, msgspec.Meta(ge=-1000, le=1000, description="the highest applicable list wins")]
Sku = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
DecimalText = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^\s*[0-9]+(\.[0-9]+)?\s*$", max_length=30, description='a decimal as a string: "0.20"'
    ),
]


class PriceListCreate(Body, frozen=True, kw_only=True):
    name: Name
    currency: CurrencyCode
    segment_id: UUID | None = None
    starts_at: Instant | None = None
    ends_at: Instant | None = None
    priority: Priority = 0


class PriceListUpdate(Body, frozen=True, kw_only=True):
    """The fields to change; ``null`` clears the segment or a date. The currency stays."""

    name: Name | UnsetType = UNSET
    segment_id: UUID | UnsetType | None = UNSET
    starts_at: Instant | UnsetType | None = UNSET
    ends_at: Instant | UnsetType | None = UNSET
    priority: Priority | UnsetType = UNSET


class PriceBody(Body, frozen=True, kw_only=True):
    sku: Sku
    amount: Amount


class PricesBody(Body, frozen=True, kw_only=True):
    """Every price of the list: SKUs left out lose their list price."""

    prices: Annotated[list[PriceBody], msgspec.Meta(max_length=5000)]


class ExchangeRateBody(Body, frozen=True, kw_only=True):
    rate: Annotated[
        DecimalText, msgspec.Meta(description="units of this currency per one unit of the default one")
    ]
    charm: bool = False


class TaxClassBody(Body, frozen=True, kw_only=True):
    tax_class: TaxClass


class TaxRateCreate(Body, frozen=True, kw_only=True):
    country: Annotated[str, msgspec.Meta(min_length=2, max_length=2, description="ISO 3166 code, e.g. DE")]
    region: Annotated[str, msgspec.Meta(min_length=1, max_length=10, description="e.g. CA")] | None = None
    tax_class: TaxClass | None = None
    rate: Annotated[DecimalText, msgspec.Meta(description='a fraction between 0 and 1: "0.20" is 20 %')]
    inclusive: bool = False


class PriceHistory(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PriceChange]
    next_cursor: str | None


Quantity = Annotated[int, msgspec.Meta(ge=1, description="units; at most the shop's max_line_quantity")]
CouponCode = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class QuoteItemBody(Body, frozen=True, kw_only=True):
    sku: Sku
    quantity: Quantity


class ShippingAddressBody(Body, frozen=True, kw_only=True):
    country: Annotated[str, msgspec.Meta(min_length=2, max_length=2, description="ISO 3166 alpha-2")]
    region: Annotated[str, msgspec.Meta(min_length=1, max_length=10)] | None = None
    postal_code: Annotated[str, msgspec.Meta(min_length=1, max_length=20)] | None = None


class QuoteBody(Body, frozen=True, kw_only=True):
    """What the cart would cost: items, the currency (the shop's default when left out), coupons,
    and where it goes (its country chooses the tax; a signed-in customer's default address
    serves when left out)."""

    items: Annotated[list[QuoteItemBody], msgspec.Meta(min_length=1, max_length=100)]
    currency: CurrencyCode | None = None
    coupon_codes: Annotated[list[CouponCode], msgspec.Meta(max_length=10)] = []
    shipping_address: ShippingAddressBody | None = None
