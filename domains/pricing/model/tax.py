"""Tax rates and the tax of a set of lines, to the minor unit.

The rate for an address and class: among the country's rates, one for the
address's region beats the country-wide one, then one for the product's class
beats one for every class (then the newest). The ``zero`` class is never taxed.
No rate at all: no tax.

Each line's exact tax is ``amount * rate`` (exclusive) or ``amount * rate / (1 + rate)``
(inclusive). The total tax is the exact sum rounded half up; the lines get the
whole minor units of their exact tax and the units left over go to the lines
with the largest fractions (the earlier on a tie), so the lines add up to the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal
from uuid import UUID

from core.money import Money, rounded
from domains.pricing.messages import LineTax, TaxBreakdown, TaxClass, TaxRateDetails

NO_TAX = Decimal(0)


@dataclass(frozen=True)
class TaxRate:
    id: UUID
    country: str
    region: str | None
    tax_class: TaxClass | None
    rate: Decimal
    inclusive: bool
    created_at: datetime

    def covers(self, region: str | None, tax_class: str) -> bool:
        return self.region in (None, region) and self.tax_class in (None, tax_class)

    def details(self) -> TaxRateDetails:
        return TaxRateDetails(
            id=self.id,
            country=self.country,
            region=self.region,
            tax_class=self.tax_class,
            rate=str(self.rate),
            inclusive=self.inclusive,
            created_at=self.created_at,
        )


@dataclass(frozen=True)
class Charge:
    """A line to tax with the rate that applies to it."""

    amount: int
    rate: Decimal
    inclusive: bool

    def exact(self) -> Decimal:
        if self.inclusive:
            return Decimal(self.amount) * self.rate / (1 + self.rate)
        return Decimal(self.amount) * self.rate


def rate_for(rates: Iterable[TaxRate], region: str | None, tax_class: str) -> TaxRate | None:
    """The most specific of one country's ``rates`` for the region and class (the module's rule)."""
    if tax_class == "zero":
        return None
    fitting = [r for r in rates if r.covers(region, tax_class)]
    return max(
        fitting, key=lambda r: (r.region is not None, r.tax_class is not None, r.created_at), default=None
    )


def charge(amount: int, rate: TaxRate | None) -> Charge:
    return (
        Charge(amount=amount, rate=rate.rate, inclusive=rate.inclusive)
        if rate
        else Charge(amount, NO_TAX, False)
    )


def apportion(charges: Sequence[Charge]) -> list[int]:
    """Each line's tax in minor units; they add up to the exact total rounded half up."""
    exact = [c.exact() for c in charges]
    floors = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = rounded(sum(exact, Decimal(0))) - sum(floors)
    by_fraction = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_fraction[:left]:
        floors[i] += 1
    return floors


def breakdown(charges: Sequence[Charge], currency: str) -> TaxBreakdown:
    """The taxes of ``charges`` and what the lines cost with them."""
    taxes = apportion(charges)
    lines = [
        LineTax(
            tax=Money(amount=tax, currency=currency),
            rate=str(c.rate),
            inclusive=c.inclusive,
            total=Money(amount=c.amount if c.inclusive else c.amount + tax, currency=currency),
        )
        for c, tax in zip(charges, taxes, strict=True)
    ]
    return TaxBreakdown(
        lines=lines,
        tax=Money(amount=sum(taxes), currency=currency),
        total=Money(amount=sum(line.total.amount for line in lines), currency=currency),
    )
