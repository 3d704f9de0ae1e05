"""Exchange rates and tax rates on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast
from uuid import UUID

from asyncpg.exceptions import UniqueViolationError

from adapters.db.engine import fetch
from core.errors import Conflict, FieldError
from domains.pricing.messages import TaxClass
from domains.pricing.model.tax import TaxRate
from domains.pricing.ports import Rate
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

    async def all(self) -> list[Rate]:
        return [_rate(row) for row in await X.select().order_by(X.currency)]


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

    async def all(self, country: str | None) -> list[TaxRate]:
        query = T.select().order_by(T.country, T.region, T.tax_class, T.created_at)
        if country is not None:
            query = query.where(T.country == country)
        return [_tax(row) for row in await query]

    async def rates_in(self, country: str) -> list[TaxRate]:
        return [_tax(row) for row in await fetch(T._meta.db, RATES_IN, country)]
