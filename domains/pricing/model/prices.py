"""Base prices and price lists, and which list prices a SKU for a shopper.

Which applicable list wins: a list applies to a SKU when it is in the asked
currency, prices that SKU, its window holds now (``starts_at`` unset or passed,
``ends_at`` unset or still ahead) and its segment is empty or one of the
shopper's segments. Among those, the highest ``priority`` wins; on a tie a
segment list beats a general one; on a further tie the newest list (latest
``created_at``, then the greater id) wins. No applicable list: the base price,
converted to the currency, is the price.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from domains.pricing.messages import PriceListChanged, PriceListDetails

if TYPE_CHECKING:
    from core.messages import Event


@dataclass(frozen=True)
class BasePrice:
    """Pricing's copy of a catalogue variant's price, in the shop's default currency."""

    sku: str
    product_id: UUID
    variant_id: UUID
    amount: int
    currency: str


@dataclass(frozen=True)
class ListedPrice:
    """A list's price of one SKU, and since when it has been that amount."""

    amount: int
    since: datetime


@dataclass
class PriceList:
    id: UUID
    name: str
    currency: str
    created_at: datetime
    updated_at: datetime
    segment_id: UUID | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    priority: int = 0
    prices: dict[str, ListedPrice] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def open_at(self, now: datetime) -> bool:
        started = self.starts_at is None or self.starts_at <= now
        return started and (self.ends_at is None or now < self.ends_at)

    def applies(self, sku: str, currency: str, segments: Collection[UUID], now: datetime) -> bool:
        for_shopper = self.segment_id is None or self.segment_id in segments
        return self.currency == currency and sku in self.prices and for_shopper and self.open_at(now)

    def rank(self) -> tuple[int, bool, datetime, UUID]:
        return (self.priority, self.segment_id is not None, self.created_at, self.id)

    def sale_start(self, sku: str) -> datetime:
        """When the list's price of ``sku`` began to apply: its window's start or the price's change."""
        opened = self.starts_at or self.created_at
        return max(opened, self.prices[sku].since)

    def replace_prices(self, amounts: dict[str, int], now: datetime) -> dict[str, int | None]:
        """Set the list's prices to ``amounts``; the SKUs whose amount is new, with it (None: dropped)."""
        changed: dict[str, int | None] = {
            sku: a for sku, a in amounts.items() if sku not in self.prices or self.prices[sku].amount != a
        }
        changed.update(dict.fromkeys(sorted(set(self.prices) - set(amounts))))
        self.prices = {
            sku: ListedPrice(amount=a, since=now) if sku in changed else self.prices[sku]
            for sku, a in amounts.items()
        }
        self.changed(now)
        return changed

    def changed(self, now: datetime) -> None:
        self.updated_at = now
        self.events.append(PriceListChanged(price_list_id=self.id, price_list=self.details()))

    def details(self) -> PriceListDetails:
        return PriceListDetails(
            id=self.id,
            name=self.name,
            currency=self.currency,
            segment_id=self.segment_id,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            priority=self.priority,
            prices={sku: p.amount for sku, p in sorted(self.prices.items())},
            created_at=self.created_at,
            updated_at=self.updated_at,
        )


def winning_list(
    lists: Iterable[PriceList], sku: str, currency: str, segments: Collection[UUID], now: datetime
) -> PriceList | None:
    """The list that prices ``sku`` for this shopper now (the module docstring's rule), or None."""
    applicable = [pl for pl in lists if pl.applies(sku, currency, segments, now)]
    return max(applicable, key=PriceList.rank, default=None)
