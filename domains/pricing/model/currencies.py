"""Converting a base price into another shop currency, with optional charm rounding.

A rate is the units of the target currency per one unit of the default currency
("1.0850" USD per EUR). The converted amount is rounded half up to the target's
minor units (JPY has none, KWD three).

Charm rounding (when staff switch it on for a currency) lifts a price to one minor
unit below the next whole unit: 10.43 -> 10.99, 10.00 -> 10.99, 10.99 stays
(KWD: 10.999). It never lowers a price. A currency without minor units (JPY) is
left whole: its prices have no fraction to charm, and lifting 1,234 to 1,299 would
be a different price, not a rounding.
"""

from __future__ import annotations

from decimal import Decimal

from core.money import Money, minor_units, to_major, to_minor

MOST_RATE = Decimal(10) ** 9


def convert(price: Money, currency: str, rate: Decimal, *, charm: bool = False) -> Money:
    """``price`` (in the default currency) in ``currency`` at ``rate``, rounded to its minor units."""
    if price.currency == currency:
        return price
    amount = to_minor(to_major(price.amount, price.currency) * rate, currency)
    return Money(amount=charmed(amount, currency) if charm else amount, currency=currency)


def charmed(amount: int, currency: str) -> int:
    """One minor unit below the next whole unit (unchanged for a currency without minor units)."""
    whole = 10 ** minor_units(currency)
    if whole == 1:
        return amount
    return (amount // whole) * whole + whole - 1
