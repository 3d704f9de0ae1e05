"""Checks of single values (names, slugs, money, URLs, option and attribute maps).

Each check appends a ``FieldError`` naming the offending field to a ``Findings``
list and returns the cleaned value, so one request reports every bad field.
"""

from __future__ import annotations

import math
import re
import unicodedata
import uuid
from urllib.parse import urlsplit

import nh3

from core.errors import FieldError, Invalid
from domains.catalog.messages import AttributeValue, Money

MAX_SLUG = 120
MAX_AMOUNT = 10**12
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKU = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
_LIGATURES = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "&": " and ",
    }
)
# Circulating ISO 4217 currencies: fund codes, metals and test codes are not prices.
# fmt: off
CURRENCIES = frozenset({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN",
    "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
    "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG",
    "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF",
    "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA",
    "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
    "USD", "UYU", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER",
    "ZAR", "ZMW", "ZWG",
})
# fmt: on


class Findings(list[FieldError]):
    """The field errors found so far; ``raise_any`` turns them into one ``Invalid``."""

    def add(self, field: str, message: str) -> None:
        self.append(FieldError(field, message))

    def raise_any(self, detail: str = "some fields are invalid") -> None:
        if self:
            raise Invalid(detail, errors=list(self))


def slugify(text: str) -> str:
    """A URL-safe slug: accents dropped, lower case, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", text.translate(_LIGATURES)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:MAX_SLUG].rstrip("-")
    if not slug or _is_uuid(slug):
        return f"item-{slug}"[:MAX_SLUG].rstrip("-") if slug else "item"
    return slug


def fold(text: str) -> str:
    """Text for accent- and case-blind matching and sorting: 'Café' -> 'cafe'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
    return candidate


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def slug(value: str, found: Findings, field: str = "slug") -> str:
    value = value.strip()
    if not SLUG.match(value) or len(value) > MAX_SLUG:
        found.add(field, f"use 1-{MAX_SLUG} lower-case letters, digits and single dashes")
    elif _is_uuid(value):
        found.add(field, "a slug cannot look like an id")
    return value


def text(value: str, found: Findings, field: str, *, longest: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        found.add(field, "must not be empty")
    elif len(value) > longest:
        found.add(field, f"at most {longest} characters")
    return value


def rich_text(value: str, found: Findings, field: str, *, longest: int = 20_000) -> str:
    """HTML from the staff editor, with scripts and unsafe markup removed."""
    return text(nh3.clean(value), found, field, longest=longest, required=False)


def money(value: Money, found: Findings, field: str) -> Money:
    currency = value.currency.strip().upper()
    if currency not in CURRENCIES:
        found.add(f"{field}.currency", "must be an ISO 4217 currency code such as EUR")
    if value.amount < 0:
        found.add(f"{field}.amount", "must not be negative")
    elif value.amount > MAX_AMOUNT:
        found.add(f"{field}.amount", "is too large")
    return Money(amount=value.amount, currency=currency)


def sku(value: str, found: Findings, field: str = "sku") -> str:
    value = value.strip().upper()
    if not SKU.match(value):
        found.add(field, "use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return value


def url(value: str, found: Findings, field: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > 2000:
        found.add(field, "must be an http(s) URL of at most 2000 characters")
    return value


def images(values: list[str], found: Findings, field: str = "images") -> list[str]:
    if len(values) > 30:
        found.add(field, "at most 30 images")
    return [url(value, found, f"{field}[{i}]") for i, value in enumerate(values)]


def options(values: dict[str, str], found: Findings, field: str = "options") -> dict[str, str]:
    if len(values) > 10:
        found.add(field, "at most 10 options")
    cleaned: dict[str, str] = {}
    for name, value in values.items():
        key = text(name, found, f"{field}.{name}", longest=40).lower()
        cleaned[key] = text(value, found, f"{field}.{name}", longest=100)
    return cleaned


def attributes(
    values: dict[str, AttributeValue], found: Findings, field: str = "attributes"
) -> dict[str, AttributeValue]:
    if len(values) > 100:
        found.add(field, "at most 100 attributes")
    cleaned: dict[str, AttributeValue] = {}
    for name, value in values.items():
        key = text(name, found, f"{field}.{name}", longest=64)
        if isinstance(value, str):
            value = text(value, found, f"{field}.{name}", longest=1000, required=False)
        elif isinstance(value, float) and not math.isfinite(value):
            found.add(f"{field}.{name}", "must be a finite number")
        cleaned[key] = value
    return cleaned


def weight(value: int | None, found: Findings, field: str = "weight_grams") -> int | None:
    if value is not None and not 0 <= value <= 10_000_000:
        found.add(field, "must be between 0 and 10000000 grams")
    return value


def position(value: int, found: Findings, field: str = "position") -> int:
    if not -1_000_000 <= value <= 1_000_000:
        found.add(field, "must be between -1000000 and 1000000")
    return value
