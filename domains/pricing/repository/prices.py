"""Pricing's copy of base prices, products' tax classes and the price history, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from adapters.db.engine import fetch
from core.paging import unknown_cursor
from domains.pricing.messages import PriceChange, Source, TaxClass
from domains.pricing.model.prices import BasePrice
from domains.pricing.tables import PricingBasePrice, PricingPriceHistory, PricingProduct

if TYPE_CHECKING:
    from domains.pricing.ports import Position

B, H, P = PricingBasePrice, PricingPriceHistory, PricingProduct

ADVANCE = """
INSERT INTO pricing_product AS p (id, version) VALUES ({}, {})
ON CONFLICT (id) DO UPDATE SET version = excluded.version
WHERE NOT p.removed AND p.version < excluded.version RETURNING p.id"""
REMOVE = """
INSERT INTO pricing_product AS p (id, version, removed) VALUES ({}, now(), true)
ON CONFLICT (id) DO UPDATE SET removed = true"""
PUT = """
INSERT INTO pricing_base_price (sku, product_id, variant_id, amount, currency)
SELECT * FROM unnest({}::text[], {}::uuid[], {}::uuid[], {}::bigint[], {}::text[])
ON CONFLICT (sku) DO UPDATE SET product_id = excluded.product_id, variant_id = excluded.variant_id,
    amount = excluded.amount, currency = excluded.currency"""
# Hand-written reads of every quote: building the Piccolo query cost more than running it.
FIND = (
    "SELECT sku, product_id, variant_id, amount, currency FROM pricing_base_price WHERE sku = ANY($1::text[])"
)
FIND_CLASSED = """
SELECT b.sku, b.product_id, b.variant_id, b.amount, b.currency, p.tax_class
FROM pricing_base_price b LEFT JOIN pricing_product p ON p.id = b.product_id
WHERE b.sku = ANY($1::text[]) OR b.product_id = ANY($2::uuid[]) ORDER BY b.sku"""
SET_AMOUNT = "UPDATE pricing_base_price SET amount = {} WHERE sku = {} AND amount = {} RETURNING sku"
ASSIGN = "UPDATE pricing_product SET tax_class = {} WHERE id = {} AND NOT removed RETURNING id"


def _price(row: dict[str, Any]) -> BasePrice:
    return BasePrice(**row)


class PgBasePriceStore:
    async def advance(self, product_id: UUID, version: datetime) -> bool:
        return bool(await P.raw(ADVANCE, product_id, version))

    async def remove_product(self, product_id: UUID) -> list[BasePrice]:
        await P.raw(REMOVE, product_id)
        gone = await B.delete().where(B.product_id == product_id).returning(*B.all_columns())
        return [_price(row) for row in gone]

    async def of_product(self, product_id: UUID) -> dict[str, BasePrice]:
        rows = await B.select().where(B.product_id == product_id)
        return {row["sku"]: _price(row) for row in rows}

    async def find(self, skus: Collection[str]) -> dict[str, BasePrice]:
        if not skus:
            return {}
        rows = await fetch(B._meta.db, FIND, list(skus))
        return {row["sku"]: _price(dict(row)) for row in rows}

    async def find_classed(
        self, skus: Collection[str], product_ids: Collection[UUID] = ()
    ) -> tuple[dict[str, BasePrice], dict[UUID, TaxClass]]:
        if not skus and not product_ids:
            return {}, {}
        found: dict[str, BasePrice] = {}
        classes: dict[UUID, TaxClass] = {}
        for row in await fetch(B._meta.db, FIND_CLASSED, list(skus), list(product_ids)):
            values = dict(row)
            tax_class = values.pop("tax_class")
            found[row["sku"]] = _price(values)
            if tax_class is not None:
                classes[row["product_id"]] = cast("TaxClass", tax_class)
        return found, classes

    async def put(self, prices: Sequence[BasePrice]) -> None:
        if prices:
            columns = zip(
                *((p.sku, p.product_id, p.variant_id, p.amount, p.currency) for p in prices), strict=True
            )
            await B.raw(PUT, *(list(c) for c in columns))

    async def remove(self, skus: Collection[str]) -> None:
        if skus:
            await B.delete().where(B.sku.is_in(list(skus)))

    async def set_amount(self, sku: str, old: int, new: int) -> bool:
        return bool(await B.raw(SET_AMOUNT, new, sku, old))

    async def assign_tax_class(self, product_id: UUID, tax_class: TaxClass) -> bool:
        return bool(await P.raw(ASSIGN, tax_class, product_id))


def _change(row: dict[str, Any]) -> PriceChange:
    return PriceChange(
        sku=row["sku"],
        amount=row["amount"],
        currency=row["currency"],
        source=cast("Source", row["source"]),
        price_list_id=row["price_list_id"],
        recorded_at=row["recorded_at"],
    )


class PgPriceHistory:
    async def record(self, changes: Sequence[tuple[UUID, PriceChange, bool]]) -> None:
        rows = [
            H(
                product_id=product_id,
                sku=c.sku,
                amount=c.amount,
                currency=c.currency,
                source=c.source,
                price_list_id=c.price_list_id,
                public=public,
                recorded_at=c.recorded_at,
            )
            for product_id, c, public in changes
        ]
        if rows:
            await H.insert(*rows)

    async def page(
        self, product_id: UUID, limit: int, after: Position | None
    ) -> tuple[list[PriceChange], Position | None]:
        query = H.select().where(H.product_id == product_id)
        if after is not None:
            try:
                at, last = datetime.fromisoformat(after[0]), int(after[1])
            except (IndexError, TypeError, ValueError):
                raise unknown_cursor() from None
            query = query.where((H.recorded_at < at) | ((H.recorded_at == at) & (H.id < last)))
        rows = await query.order_by(H.recorded_at, H.id, ascending=False).limit(limit + 1)
        more = (
            [rows[limit - 1]["recorded_at"].isoformat(), rows[limit - 1]["id"]] if len(rows) > limit else None
        )
        return [_change(row) for row in rows[:limit]], more

    async def public(self, sku: str, currencies: Collection[str], until: datetime) -> list[PriceChange]:
        rows = await (
            H.select()
            .where(
                (H.sku == sku)
                & H.currency.is_in(list(currencies))
                & H.public.eq(True)
                & (H.recorded_at < until)
            )
            .order_by(H.recorded_at, H.id)
        )
        return [_change(row) for row in rows]
