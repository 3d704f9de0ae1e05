"""What the pricing handlers need: their stores, the tax provider, a clock and the shop's currencies.

Stores run their queries in the unit of work open when they are called. The tax
provider port is what tax adapters implement (each passes tests/contracts/test_tax.py);
the ``table`` adapter reads the rates staff keep through ``TaxRateSource``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory
    from domains.pricing.messages import Address, PriceChange, TaxableLine, TaxBreakdown, TaxClass
    from domains.pricing.model.prices import BasePrice, PriceList
    from domains.pricing.model.tax import TaxRate

Position = list[Any]


@dataclass(frozen=True)
class Rate:
    """Units of ``currency`` per one unit of the default currency."""

    currency: str
    rate: Decimal
    charm: bool
    updated_at: datetime


class BasePriceStore(Protocol):
    async def advance(self, product_id: UUID, version: datetime) -> bool:
        """Record ``version`` as the product's applied state if it is later (checked by the database)."""
        ...

    async def remove_product(self, product_id: UUID) -> list[BasePrice]:
        """Forget the product's prices for good (a late snapshot is then skipped); the prices it had."""
        ...

    async def of_product(self, product_id: UUID) -> dict[str, BasePrice]: ...

    async def find(self, skus: Collection[str]) -> dict[str, BasePrice]: ...

    async def find_classed(
        self, skus: Collection[str], product_ids: Collection[UUID] = ()
    ) -> tuple[dict[str, BasePrice], dict[UUID, TaxClass]]:
        """The prices of ``skus`` and of every SKU of ``product_ids``, by SKU in SKU order, and the tax
        classes of their products, in one read (every price shown asks)."""
        ...

    async def put(self, prices: Sequence[BasePrice]) -> None: ...

    async def remove(self, skus: Collection[str]) -> None: ...

    async def set_amount(self, sku: str, old: int, new: int) -> bool:
        """Change the SKU's amount from ``old`` to ``new``; False (nothing done) if it is not ``old``."""
        ...

    async def assign_tax_class(self, product_id: UUID, tax_class: TaxClass) -> bool:
        """False when pricing knows no such product."""
        ...


class PriceListStore(Protocol):
    async def get(self, price_list_id: UUID) -> PriceList | None: ...

    async def add(self, price_list: PriceList) -> None: ...

    async def save(self, price_list: PriceList, *, prices: bool = False) -> None:
        """Store the list's fields, and its prices too when ``prices``."""
        ...

    async def delete(self, price_list_id: UUID) -> bool: ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[PriceList], Position | None]: ...

    async def pricing(self, skus: Collection[str], currency: str) -> list[PriceList]:
        """The lists in ``currency`` that price any of ``skus``, holding only those SKUs' prices."""
        ...


class PriceHistory(Protocol):
    async def record(self, changes: Sequence[tuple[UUID, PriceChange, bool]]) -> None:
        """Append (product id, change, public) rows; public: on show to every shopper."""
        ...

    async def page(
        self, product_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[PriceChange], Position | None]: ...

    async def public(self, sku: str, currencies: Collection[str], until: datetime) -> list[PriceChange]:
        """The SKU's public changes in these currencies before ``until``, oldest first."""
        ...


class ExchangeRates(Protocol):
    async def get(self, currency: str) -> Rate | None: ...

    async def put(self, rate: Rate) -> None: ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[Rate], Position | None]:
        """By currency, and the position after them if more follow."""
        ...


class TaxRateSource(Protocol):
    """What a table-driven tax adapter reads: the rates staff keep."""

    async def rates_in(self, country: str) -> list[TaxRate]: ...


class TaxRates(TaxRateSource, Protocol):
    async def add(self, rate: TaxRate) -> None:
        """Store a new rate; ``Conflict`` when the country, region and class have one already."""
        ...

    async def delete(self, tax_rate_id: UUID) -> TaxRate | None: ...

    async def page(
        self, country: str | None, limit: int, after: Position | None
    ) -> tuple[list[TaxRate], Position | None]:
        """By country, region and class (a country-wide or every-class rate after the specific ones),
        and the position after them if more follow."""
        ...


class TaxProvider(Protocol):
    async def quote(self, currency: str, address: Address, lines: Sequence[TaxableLine]) -> TaxBreakdown:
        """Each line's tax (lines hold amounts after discounts); the line taxes add up to the total."""
        ...


@dataclass(frozen=True)
class PricingDeps:
    """The second argument of every pricing handler."""

    uow: UnitOfWorkFactory
    prices: BasePriceStore
    price_lists: PriceListStore
    history: PriceHistory
    rates: ExchangeRates
    tax_rates: TaxRates
    tax: TaxProvider
    clock: Callable[[], datetime]
    bus: MessageBus
    default_currency: str = "EUR"
    max_line_quantity: int = 100
    currencies: tuple[str, ...] = ("EUR",)
