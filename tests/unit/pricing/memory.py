"""In-memory pricing stores for unit tests of handlers (each subclasses its port)."""

from __future__ import annotations

import copy
from collections.abc import Collection, Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID

from adapters.tax.table import TableTaxProvider
from domains.pricing.messages import PriceChange, TaxClass
from domains.pricing.model.prices import BasePrice, PriceList
from domains.pricing.model.tax import TaxRate
from domains.pricing.ports import (
    BasePriceStore,
    ExchangeRates,
    Position,
    PriceHistory,
    PriceListStore,
    PricingDeps,
    Rate,
    TaxRates,
)
from tests.support.fakes import AnsweringBus, Transactions


class Clock:
    def __init__(self, now: datetime = datetime(2026, 3, 1, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class MemoryPrices(BasePriceStore):
    def __init__(self) -> None:
        self.rows: dict[str, BasePrice] = {}
        self.versions: dict[UUID, datetime] = {}
        self.removed: set[UUID] = set()
        self.classes: dict[UUID, TaxClass] = {}

    async def advance(self, product_id: UUID, version: datetime) -> bool:
        if (
            product_id in self.removed
            or self.versions.get(product_id, datetime.min.replace(tzinfo=UTC)) >= version
        ):
            return False
        self.versions[product_id] = version
        return True

    async def remove_product(self, product_id: UUID) -> list[BasePrice]:
        self.removed.add(product_id)
        gone = [p for p in self.rows.values() if p.product_id == product_id]
        await self.remove([p.sku for p in gone])
        return gone

    async def of_product(self, product_id: UUID) -> dict[str, BasePrice]:
        return {s: p for s, p in self.rows.items() if p.product_id == product_id}

    async def find(self, skus: Collection[str]) -> dict[str, BasePrice]:
        return {s: self.rows[s] for s in skus if s in self.rows}

    async def find_classed(
        self, skus: Collection[str], product_ids: Collection[UUID] = ()
    ) -> tuple[dict[str, BasePrice], dict[UUID, TaxClass]]:
        found = {
            s: p for s, p in sorted(self.rows.items()) if s in set(skus) or p.product_id in set(product_ids)
        }
        return found, self._classes({p.product_id for p in found.values()})

    async def put(self, prices: Sequence[BasePrice]) -> None:
        self.rows.update({p.sku: p for p in prices})

    async def remove(self, skus: Collection[str]) -> None:
        for sku in skus:
            self.rows.pop(sku, None)

    async def set_amount(self, sku: str, old: int, new: int) -> bool:
        row = self.rows.get(sku)
        if row is None or row.amount != old:
            return False
        self.rows[sku] = BasePrice(**{**vars(row), "amount": new})
        return True

    def _classes(self, product_ids: Collection[UUID]) -> dict[UUID, TaxClass]:
        return {i: self.classes.get(i, "standard") for i in product_ids if i in self.versions}

    async def assign_tax_class(self, product_id: UUID, tax_class: TaxClass) -> bool:
        if product_id not in self.versions or product_id in self.removed:
            return False
        self.classes[product_id] = tax_class
        return True


class MemoryPriceLists(PriceListStore):
    def __init__(self) -> None:
        self.lists: dict[UUID, PriceList] = {}

    async def get(self, price_list_id: UUID) -> PriceList | None:
        found = self.lists.get(price_list_id)
        return copy.deepcopy(found) if found else None

    async def add(self, price_list: PriceList) -> None:
        self.lists[price_list.id] = copy.deepcopy(price_list)

    async def save(self, price_list: PriceList, *, prices: bool = False) -> None:
        kept = self.lists[price_list.id].prices
        self.lists[price_list.id] = copy.deepcopy(price_list)
        if not prices:
            self.lists[price_list.id].prices = kept

    async def delete(self, price_list_id: UUID) -> bool:
        return self.lists.pop(price_list_id, None) is not None

    async def page(self, limit: int, after: Position | None) -> tuple[list[PriceList], Position | None]:
        return list(self.lists.values())[:limit], None

    async def pricing(self, skus: Collection[str], currency: str) -> list[PriceList]:
        found = [copy.deepcopy(pl) for pl in self.lists.values() if pl.currency == currency]
        return [pl for pl in found if set(pl.prices) & set(skus)]


class MemoryHistory(PriceHistory):
    def __init__(self) -> None:
        self.rows: list[tuple[UUID, PriceChange, bool]] = []

    async def record(self, changes: Sequence[tuple[UUID, PriceChange, bool]]) -> None:
        self.rows.extend(changes)

    async def page(
        self, product_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[PriceChange], Position | None]:
        return [c for p, c, _ in reversed(self.rows) if p == product_id][:limit], None

    async def public(self, sku: str, currencies: Collection[str], until: datetime) -> list[PriceChange]:
        return [
            c
            for _, c, public in self.rows
            if public and c.sku == sku and c.currency in currencies and c.recorded_at < until
        ]


class MemoryRates(ExchangeRates):
    def __init__(self) -> None:
        self.rates: dict[str, Rate] = {}

    async def get(self, currency: str) -> Rate | None:
        return self.rates.get(currency)

    async def put(self, rate: Rate) -> None:
        self.rates[rate.currency] = rate

    async def page(self, limit: int, after: Position | None) -> tuple[list[Rate], Position | None]:
        return sorted(self.rates.values(), key=lambda r: r.currency)[:limit], None


class MemoryTaxRates(TaxRates):
    def __init__(self) -> None:
        self.rates: dict[UUID, TaxRate] = {}

    async def rates_in(self, country: str) -> list[TaxRate]:
        return [r for r in self.rates.values() if r.country == country]

    async def add(self, rate: TaxRate) -> None:
        self.rates[rate.id] = rate

    async def delete(self, tax_rate_id: UUID) -> TaxRate | None:
        return self.rates.pop(tax_rate_id, None)

    async def page(
        self, country: str | None, limit: int, after: Position | None
    ) -> tuple[list[TaxRate], Position | None]:
        return [r for r in self.rates.values() if country is None or r.country == country][:limit], None


def deps(clock: Clock | None = None, bus: AnsweringBus | None = None) -> PricingDeps:
    tax_rates = MemoryTaxRates()
    return PricingDeps(
        uow=Transactions(),
        prices=MemoryPrices(),
        price_lists=MemoryPriceLists(),
        history=MemoryHistory(),
        rates=MemoryRates(),
        tax_rates=tax_rates,
        tax=TableTaxProvider(tax_rates),
        clock=clock or Clock(),
        bus=bus or AnsweringBus(),  # type: ignore[arg-type]
        default_currency="EUR",
        currencies=("EUR", "USD", "JPY"),
    )
