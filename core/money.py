"""Money: an integer of minor units and an ISO 4217 code, never a float (ARCHITECTURE rule 5).

``CURRENCIES`` maps every circulating ISO 4217 currency to its minor units
(EUR 2, JPY 0, KWD 3); fund codes, metals and test codes are not prices.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

import msgspec

MAX_AMOUNT = 10**12
Amount = Annotated[int, msgspec.Meta(ge=0, le=MAX_AMOUNT, description="minor units (cents)")]
CurrencyCode = Annotated[str, msgspec.Meta(min_length=3, max_length=3, description="ISO 4217 code, e.g. EUR")]

_ZERO = (
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "ISK",
    "JPY",
    "KMF",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
)
_THREE = ("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
# fmt: off
_TWO = (
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CNY", "COP",
    "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP",
    "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IRR",
    "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "MAD", "MDL",
    "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN",
    "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB",
    "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VED",
    "VES", "WST", "XCD", "XCG", "YER", "ZAR", "ZMW", "ZWG",
)
# fmt: on
CURRENCIES: dict[str, int] = {
    **dict.fromkeys(_TWO, 2),
    **dict.fromkeys(_ZERO, 0),
    **dict.fromkeys(_THREE, 3),
}


class Money(msgspec.Struct, frozen=True, kw_only=True):
    """An amount in minor units of ``currency``: ``Money(amount=1999, currency="EUR")`` is 19.99 EUR."""

    amount: int
    currency: str

    def __add__(self, other: Money) -> Money:
        return Money(amount=self.amount + _same(self, other).amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(amount=self.amount - _same(self, other).amount, currency=self.currency)

    def times(self, quantity: int) -> Money:
        return Money(amount=self.amount * quantity, currency=self.currency)


def _same(a: Money, b: Money) -> Money:
    if a.currency != b.currency:
        raise ValueError(f"cannot combine {a.currency} with {b.currency}")
    return b


def zero(currency: str) -> Money:
    return Money(amount=0, currency=currency)


def is_currency(code: str) -> bool:
    return code in CURRENCIES


def minor_units(currency: str) -> int:
    """Digits after the decimal point of ``currency`` (KeyError for an unknown code)."""
    return CURRENCIES[currency]


def to_minor(value: Decimal, currency: str) -> int:
    """A major-unit decimal (19.995 EUR) as minor units, rounded half up (2000)."""
    return int((value * 10 ** minor_units(currency)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major(amount: int, currency: str) -> Decimal:
    """Minor units as an exact decimal in major units: 1999 EUR -> Decimal("19.99")."""
    return Decimal(amount).scaleb(-minor_units(currency))


def rounded(value: Decimal) -> int:
    """A fractional number of minor units rounded half up to a whole one."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
