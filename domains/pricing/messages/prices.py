"""Prices: the base prices copied from the catalogue, price lists, exchange rates, history.

Money is an integer of minor units plus an ISO 4217 code; rates are Decimal
strings on the wire ("1.0850" = units of that currency per one unit of the
shop's default currency).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query
from core.money import Money

Source = Literal["base", "price_list"]


# Replies -----------------------------------------------------------------


class SkuPrice(msgspec.Struct, frozen=True, kw_only=True):
    """What one SKU costs a shopper in one currency (before promotions and exclusive tax)."""

    sku: str
    product_id: UUID
    unit_price: Money
    regular_price: Money
    lowest_price_30d: Money | None
    price_list_id: UUID | None
    tax_class: str


class PriceListDetails(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    currency: str
    segment_id: UUID | None
    starts_at: datetime | None
    ends_at: datetime | None
    priority: int
    prices: dict[str, int]
    created_at: datetime
    updated_at: datetime


class PriceListPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PriceListDetails]
    next_cursor: str | None = None


class ExchangeRate(msgspec.Struct, frozen=True, kw_only=True):
    currency: str
    rate: str
    charm: bool
    updated_at: datetime


class ExchangeRatePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ExchangeRate]
    next_cursor: str | None = None


class PriceChange(msgspec.Struct, frozen=True, kw_only=True):
    """One change of a SKU's price; ``amount`` None: the price list stopped pricing the SKU."""

    sku: str
    amount: int | None
    currency: str
    source: Source
    price_list_id: UUID | None
    recorded_at: datetime


class PriceHistoryPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[PriceChange]
    next_cursor: str | None = None


class ListPrice(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    amount: int


# Commands ----------------------------------------------------------------


class CreatePriceList(Command[PriceListDetails], frozen=True, kw_only=True, tag="pricing.CreatePriceList"):
    """A ``segment_id`` no customer segment has: Invalid naming ``segment_id``."""

    key_field = "price_list_id"
    price_list_id: UUID = msgspec.field(default_factory=uuid4)
    name: str
    currency: str
    segment_id: UUID | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    priority: int = 0


class UpdatePriceList(Command[PriceListDetails], frozen=True, kw_only=True, tag="pricing.UpdatePriceList"):
    """Changes the fields given; ``None`` clears a segment or a date. The currency stays. A
    ``segment_id`` no customer segment has: Invalid naming ``segment_id``."""

    key_field = "price_list_id"
    price_list_id: UUID
    name: str | UnsetType = UNSET
    segment_id: UUID | UnsetType | None = UNSET
    starts_at: datetime | UnsetType | None = UNSET
    ends_at: datetime | UnsetType | None = UNSET
    priority: int | UnsetType = UNSET


class DeletePriceList(Command[None], frozen=True, kw_only=True, tag="pricing.DeletePriceList"):
    key_field = "price_list_id"
    price_list_id: UUID


class SetListPrices(Command[PriceListDetails], frozen=True, kw_only=True, tag="pricing.SetListPrices"):
    """Replaces every price of the list; each SKU must be one pricing knows."""

    key_field = "price_list_id"
    price_list_id: UUID
    prices: list[ListPrice]


class SetExchangeRate(Command[ExchangeRate], frozen=True, kw_only=True, tag="pricing.SetExchangeRate"):
    key_field = "currency"
    currency: str
    rate: str
    charm: bool = False


# Queries -----------------------------------------------------------------


class PriceSkus(Query[list[SkuPrice]], frozen=True, kw_only=True, tag="pricing.PriceSkus"):
    """The prices of ``skus``, and of every SKU of ``product_ids``, in ``currency`` (the default one
    when None) for a shopper in these segments.

    Unknown SKUs and products are left out; a currency that is not the shop's, or has no rate, is Invalid.
    A page of product cards or search hits is priced with one query by its ``product_ids``.
    """

    skus: list[str] = []
    product_ids: list[UUID] = []
    currency: str | None = None
    segment_ids: list[UUID] = []


class GetPriceList(Query[PriceListDetails], frozen=True, kw_only=True, tag="pricing.GetPriceList"):
    price_list_id: UUID


class ListPriceLists(Query[PriceListPage], frozen=True, kw_only=True, tag="pricing.ListPriceLists"):
    limit: int = 20
    cursor: str | None = None


class ListExchangeRates(Query[ExchangeRatePage], frozen=True, kw_only=True, tag="pricing.ListExchangeRates"):
    """The exchange rates staff set, by currency."""

    limit: int = 20
    cursor: str | None = None


class GetPriceHistory(Query[PriceHistoryPage], frozen=True, kw_only=True, tag="pricing.GetPriceHistory"):
    """Every change of the product's base and price-list prices, newest first."""

    product_id: UUID
    limit: int = 20
    cursor: str | None = None


# Events ------------------------------------------------------------------


class PriceListChanged(Event, frozen=True, kw_only=True, tag="pricing.PriceListChanged"):
    """A price list was created, changed or given new prices (its full state)."""

    key_field = "price_list_id"
    price_list_id: UUID
    price_list: PriceListDetails


class PriceListDeleted(Event, frozen=True, kw_only=True, tag="pricing.PriceListDeleted"):
    key_field = "price_list_id"
    price_list_id: UUID


class ExchangeRateChanged(Event, frozen=True, kw_only=True, tag="pricing.ExchangeRateChanged"):
    key_field = "currency"
    currency: str
    rate: str
    charm: bool
