"""Exchange rates and tax rates on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, cast
from uuid import UUID

import msgspec
from asyncpg.exceptions import UniqueViolationError

from adapters.db.engine import fetch
from core.errors import Conflict, FieldError
from core.http import NO_NUL
from core.paging import as_position
from domains.pricing.messages import TaxClass
from domains.pricing.model.tax import TaxRate
from domains.pricing.ports import Position, Rate
from domains.pricing.tables import PricingExchangeRate, PricingTaxRate

X, T = PricingExchangeRate, PricingTaxRate
PUT_RATE = """
INSERT INTO pricing_exchange_rate (currency, rate, charm, updated_at) VALUES ({}, {}, {}, {})
ON CONFLICT (currency) DO UPDATE SET rate = excluded.rate, charm = excluded.charm,
    updated_at = excluded.updated_at"""

# Hand-written: asked on every taxed quote, where building the Piccolo query cost more than running it.
RATES_IN = """
SELECT id, country, region, tax_class, rate, inclusive, created_at FROM pricing_tax_rate
WHERE country = $1 ORDER BY country, region, tax_class, created_at"""
EXCHANGE_RATE = "SELECT currency, rate, charm, updated_at FROM pricing_exchange_rate WHERE currency = $1"
# A rate's scope, unique (pricing_tax_rate_scope), so a page ends on it; a country-wide (region
# NULL) or every-class (tax_class NULL) rate sorts after the specific ones.
SCOPE = "country, region IS NULL, coalesce(region, ''), tax_class IS NULL, coalesce(tax_class, '')"
TAX_PAGE = f"""
SELECT id, country, region, tax_class, rate, inclusive, created_at FROM pricing_tax_rate
WHERE ($1::text IS NULL OR country = $1::text)
  AND ($2::text IS NULL OR ({SCOPE}) >
       ($2::text, $3::text IS NULL, coalesce($3::text, ''), $4::text IS NULL, coalesce($4::text, '')))
ORDER BY {SCOPE} LIMIT $5"""
CurrencyKey = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
CountryKey = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
ScopeKey = Annotated[str, msgspec.Meta(pattern=NO_NUL)]


def _rate(row: dict[str, Any]) -> Rate:
    return Rate(
        currency=row["currency"],
        rate=Decimal(row["rate"]).normalize(),
        charm=row["charm"],
        updated_at=row["updated_at"],
    )


class PgExchangeRates:
    async def get(self, currency: str) -> Rate | None:
        rows = await fetch(X._meta.db, EXCHANGE_RATE, currency)
        return _rate(rows[0]) if rows else None

    async def put(self, rate: Rate) -> None:
        await X.raw(PUT_RATE, rate.currency, rate.rate, rate.charm, rate.updated_at)

    async def page(self, limit: int, after: Position | None) -> tuple[list[Rate], Position | None]:
        query = X.select().order_by(X.currency).limit(limit + 1)
        if after is not None:
            (currency,) = as_position(after, tuple[CurrencyKey])
            query = query.where(X.currency > currency)
        rows = await query
        rates = [_rate(row) for row in rows[:limit]]
        return rates, [rates[-1].currency] if len(rows) > limit else None


def _tax(row: dict[str, Any]) -> TaxRate:
    return TaxRate(
        id=row["id"],
        country=row["country"],
        region=row["region"],
        tax_class=cast("TaxClass | None", row["tax_class"]),
        rate=Decimal(row["rate"]).normalize(),
        inclusive=row["inclusive"],
        created_at=row["created_at"],
    )


class PgTaxRates:
    async def add(self, rate: TaxRate) -> None:
        row = T(
            id=rate.id,
            country=rate.country,
            region=rate.region,
            tax_class=rate.tax_class,
            rate=rate.rate,
            inclusive=rate.inclusive,
            created_at=rate.created_at,
        )
        try:
            await T.insert(row)
        except UniqueViolationError:
            taken = "a rate for this country, region and class exists: delete it first"
            raise Conflict(taken, errors=[FieldError("country", taken)]) from None

    async def delete(self, tax_rate_id: UUID) -> TaxRate | None:
        rows = await T.delete().where(T.id == tax_rate_id).returning(*T.all_columns())
        return _tax(rows[0]) if rows else None

    async def page(
        self, country: str | None, limit: int, after: Position | None
    ) -> tuple[list[TaxRate], Position | None]:
        shape = tuple[CountryKey, ScopeKey | None, ScopeKey | None]
        scope = [None, None, None] if after is None else list(as_position(after, shape))
        rows = await fetch(T._meta.db, TAX_PAGE, country, *scope, limit + 1)
        rates = [_tax(row) for row in rows[:limit]]
        last = rates[-1] if len(rows) > limit else None
        return rates, None if last is None else [last.country, last.region, last.tax_class]

    async def rates_in(self, country: str) -> list[TaxRate]:
        return [_tax(row) for row in await fetch(T._meta.db, RATES_IN, country)]
