"""EU Omnibus: a reduced price shows the lowest price of the 30 days before the reduction.

The prices that count are the ones on show to every shopper in that currency:
the price standing when the 30 days began, and every change in those days of
the base price or of a price list open to all (segment lists are private
offers). The sale's own list does not count: its prices may be loaded before
the sale starts. With nothing known of those days the regular price is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class PricePoint:
    """A public price change of one SKU, in the currency asked for."""

    amount: int
    at: datetime
    price_list_id: UUID | None = None


def lowest_before(changes: Iterable[PricePoint], start: datetime, sale: UUID | None) -> int | None:
    """The lowest price in effect in the ``WINDOW`` before ``start``, leaving out the sale's list."""
    opened = start - WINDOW
    points = [p for p in changes if p.price_list_id is None or p.price_list_id != sale]
    standing = [p for p in points if p.at < opened and p.price_list_id is None]
    during = [p.amount for p in points if opened <= p.at < start]
    replaced_at_opening = any(p.at == opened and p.price_list_id is None for p in points)
    if standing and not replaced_at_opening:  # a base price changed as the days began was never on show
        during.append(max(standing, key=lambda p: p.at).amount)
    return min(during, default=None)
