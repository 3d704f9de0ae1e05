"""The checks on what staff send: each records the offending field in ``Findings``."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal

from msgspec import UNSET

from core.validation import Findings
from domains.pricing.messages import (
    TAX_CLASSES,
    CreatePriceList,
    CreateTaxRate,
    ListPrice,
    TaxClass,
    UpdatePriceList,
)
from domains.pricing.model.currencies import MOST_RATE
from domains.pricing.model.prices import PriceList
from domains.pricing.model.tax import TaxRate

REGION = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,9}$")
MOST_PRIORITY = 1000


def shop_currency(value: str, currencies: Collection[str], found: Findings, field: str = "currency") -> str:
    """An ISO 4217 code that is one of the shop's currencies."""
    before = len(found)
    code = found.currency(value, field)
    if len(found) == before and code not in currencies:
        found.add(field, f"not a currency of this shop (one of {', '.join(sorted(currencies))})")
    return code


def _priority(value: int, found: Findings) -> int:
    if not -MOST_PRIORITY <= value <= MOST_PRIORITY:
        found.add("priority", f"must be between -{MOST_PRIORITY} and {MOST_PRIORITY}")
    return value


def price_list(
    cmd: CreatePriceList, currencies: Collection[str], now: datetime, found: Findings
) -> PriceList:
    pl = PriceList(
        id=cmd.price_list_id,
        name=found.text(cmd.name, "name", longest=200),
        currency=shop_currency(cmd.currency, currencies, found),
        created_at=now,
        updated_at=now,
        segment_id=cmd.segment_id,
        starts_at=cmd.starts_at,
        ends_at=cmd.ends_at,
        priority=_priority(cmd.priority, found),
    )
    found.window(pl.starts_at, pl.ends_at)
    return pl


def revise(pl: PriceList, cmd: UpdatePriceList, found: Findings) -> None:
    """Apply the fields ``cmd`` carries to ``pl`` (check ``found`` before saving)."""
    if cmd.name is not UNSET:
        pl.name = found.text(cmd.name, "name", longest=200)
    if cmd.segment_id is not UNSET:
        pl.segment_id = cmd.segment_id
    if cmd.starts_at is not UNSET:
        pl.starts_at = cmd.starts_at
    if cmd.ends_at is not UNSET:
        pl.ends_at = cmd.ends_at
    if cmd.priority is not UNSET:
        pl.priority = _priority(cmd.priority, found)
    found.window(pl.starts_at, pl.ends_at)


def list_prices(prices: list[ListPrice], known: Collection[str], found: Findings) -> dict[str, int]:
    """The prices by upper-case SKU; unknown, repeated SKUs and bad amounts name ``prices[i]``."""
    amounts: dict[str, int] = {}
    for i, price in enumerate(prices):
        sku = price.sku.strip().upper()
        if sku not in known:
            found.add(f"prices[{i}].sku", f"no product variant has the SKU {price.sku!r}")
        elif sku in amounts:
            found.add(f"prices[{i}].sku", "listed twice")
        found.amount(price.amount, f"prices[{i}].amount")
        amounts[sku] = price.amount
    return amounts


def exchange_rate(value: str, found: Findings) -> Decimal:
    rate = found.rate(value, "rate", most=MOST_RATE, places=10)
    if rate == 0 and not any(e.field == "rate" for e in found):
        found.add("rate", "must be more than zero")
    return rate


def tax_class(value: str, found: Findings, field: str = "tax_class") -> TaxClass:
    if value not in TAX_CLASSES:
        found.add(field, f"must be one of {', '.join(TAX_CLASSES)}")
        return "standard"
    return value  # type: ignore[return-value]


def tax_rate(cmd: CreateTaxRate, now: datetime, found: Findings) -> TaxRate:
    country = found.country(cmd.country)
    region = cmd.region.strip().upper() if cmd.region else None
    if region is not None and not REGION.match(region):
        found.add("region", "must be a region code of 1-10 letters, digits or dashes, such as CA")
    return TaxRate(
        id=cmd.tax_rate_id,
        country=country,
        region=region,
        tax_class=None if cmd.tax_class is None else tax_class(cmd.tax_class, found),
        rate=found.rate(cmd.rate, "rate"),
        inclusive=cmd.inclusive,
        created_at=now,
    )


def address(
    country: str, region: str | None, found: Findings, field: str = "address"
) -> tuple[str, str | None]:
    code = found.country(country, f"{field}.country")
    return code, (region.strip().upper() or None) if region else None
