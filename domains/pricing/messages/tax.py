"""Tax: each product's tax class, the rates staff keep, and the tax of a set of lines.

A rate is a Decimal fraction written as a string ("0.20" is 20 %). An inclusive
rate is already in the price (EU VAT); an exclusive one is added on top (US sales tax).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID, uuid4

import msgspec

from core.messages import Command, Event, Query
from core.money import Money

TaxClass = Literal["standard", "reduced", "zero"]
TAX_CLASSES: tuple[str, ...] = ("standard", "reduced", "zero")


class TaxRateDetails(msgspec.Struct, frozen=True, kw_only=True):
    """``region`` None: the whole country; ``tax_class`` None: every class without a rate of its own."""

    id: UUID
    country: str
    region: str | None
    tax_class: TaxClass | None
    rate: str
    inclusive: bool
    created_at: datetime


class TaxRatePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[TaxRateDetails]
    next_cursor: str | None = None


class ProductTaxClass(msgspec.Struct, frozen=True, kw_only=True):
    product_id: UUID
    tax_class: TaxClass


class Address(msgspec.Struct, frozen=True, kw_only=True):
    country: str
    region: str | None = None


class TaxableLine(msgspec.Struct, frozen=True, kw_only=True):
    """One line to tax: its amount after discounts (all units), and the class of its product."""

    amount: int
    tax_class: str = "standard"


class LineTax(msgspec.Struct, frozen=True, kw_only=True):
    """``total`` is what the line costs with its tax: the amount itself when the rate is inclusive."""

    tax: Money
    rate: str
    inclusive: bool
    total: Money


class TaxBreakdown(msgspec.Struct, frozen=True, kw_only=True):
    """The lines' taxes, in order; they add up exactly to ``tax``."""

    lines: list[LineTax]
    tax: Money
    total: Money


class AssignTaxClass(Command[ProductTaxClass], frozen=True, kw_only=True, tag="pricing.AssignTaxClass"):
    key_field = "product_id"
    product_id: UUID
    tax_class: str


class CreateTaxRate(Command[TaxRateDetails], frozen=True, kw_only=True, tag="pricing.CreateTaxRate"):
    key_field = "tax_rate_id"
    tax_rate_id: UUID = msgspec.field(default_factory=uuid4)
    country: str
    region: str | None = None
    tax_class: str | None = None
    rate: str
    inclusive: bool = False


class DeleteTaxRate(Command[None], frozen=True, kw_only=True, tag="pricing.DeleteTaxRate"):
    key_field = "tax_rate_id"
    tax_rate_id: UUID


class ListTaxRates(Query[TaxRatePage], frozen=True, kw_only=True, tag="pricing.ListTaxRates"):
    """Tax rates (of ``country`` when given) by country, region and class; a country's rates for
    one region or class come before its country-wide and every-class ones."""

    country: str | None = None
    limit: int = 20
    cursor: str | None = None


class QuoteTax(Query[TaxBreakdown], frozen=True, kw_only=True, tag="pricing.QuoteTax"):
    """The tax of ``lines`` delivered to ``address``, by the tax provider the settings choose."""

    currency: str
    address: Address
    lines: list[TaxableLine]


class TaxClassAssigned(Event, frozen=True, kw_only=True, tag="pricing.TaxClassAssigned"):
    key_field = "product_id"
    product_id: UUID
    tax_class: TaxClass


class TaxRatesChanged(Event, frozen=True, kw_only=True, tag="pricing.TaxRatesChanged"):
    """A rate of ``country`` was added or removed."""

    key_field = "country"
    country: str
