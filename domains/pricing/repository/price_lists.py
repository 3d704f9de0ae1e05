"""Price lists and their prices on PostgreSQL (Piccolo), inside the open unit of work."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any
from uuid import UUID

from adapters.db.engine import fetch
from core.paging import time_and_id
from domains.pricing.model.prices import ListedPrice, PriceList
from domains.pricing.tables import PricingListPrice, PricingPriceList

if TYPE_CHECKING:
    from domains.pricing.ports import Position

L, LP = PricingPriceList, PricingListPrice
# Hand-written: asked on every quote, where building the Piccolo query cost more than running it.
PRICING = """
SELECT l.id, l.name, l.currency, l.segment_id, l.starts_at, l.ends_at, l.priority, l.created_at, l.updated_at
FROM pricing_price_list l
WHERE l.currency = $2
  AND EXISTS (SELECT 1 FROM pricing_list_price p WHERE p.price_list_id = l.id AND p.sku = ANY($1::text[]))"""
PRICES = """
SELECT price_list_id, sku, amount, since FROM pricing_list_price
WHERE price_list_id = ANY($1::uuid[]) AND sku = ANY($2::text[])"""
FIELDS = ("name", "currency", "segment_id", "starts_at", "ends_at", "priority", "updated_at")


def _row(pl: PriceList) -> dict[str, Any]:
    return {name: getattr(pl, name) for name in FIELDS}


async def _prices(
    list_ids: list[UUID], skus: Collection[str] | None = None
) -> dict[UUID, dict[str, ListedPrice]]:
    found: dict[UUID, dict[str, ListedPrice]] = {i: {} for i in list_ids}
    if not list_ids:
        return found
    query = LP.select(LP.price_list, LP.sku, LP.amount, LP.since).where(LP.price_list.is_in(list_ids))
    if skus is not None:
        query = query.where(LP.sku.is_in(list(skus)))
    for row in await query:
        found[row["price_list_id"]][row["sku"]] = ListedPrice(amount=row["amount"], since=row["since"])
    return found


async def _lists(rows: list[dict[str, Any]], skus: Collection[str] | None = None) -> list[PriceList]:
    prices = await _prices([row["id"] for row in rows], skus)
    return [PriceList(**row, prices=prices[row["id"]]) for row in rows]


class PgPriceListStore:
    async def get(self, price_list_id: UUID) -> PriceList | None:
        rows = await L.select().where(L.id == price_list_id)
        found = await _lists(rows)
        return found[0] if found else None

    async def add(self, price_list: PriceList) -> None:
        await L.insert(L(id=price_list.id, created_at=price_list.created_at, **_row(price_list)))

    async def save(self, price_list: PriceList, *, prices: bool = False) -> None:
        await L.update({getattr(L, k): v for k, v in _row(price_list).items()}).where(L.id == price_list.id)
        if prices:
            await LP.delete().where(LP.price_list == price_list.id)
            rows = [
                LP(price_list=price_list.id, sku=sku, amount=p.amount, since=p.since)
                for sku, p in price_list.prices.items()
            ]
            if rows:
                await LP.insert(*rows)

    async def delete(self, price_list_id: UUID) -> bool:
        return bool(await L.delete().where(L.id == price_list_id).returning(L.id))

    async def page(self, limit: int, after: Position | None) -> tuple[list[PriceList], Position | None]:
        query = L.select().order_by(L.created_at, L.id).limit(limit + 1)
        if after is not None:
            at, last = time_and_id(after)
            query = query.where((L.created_at > at) | ((L.created_at == at) & (L.id > last)))
        rows = await query
        more = (
            [rows[limit - 1]["created_at"].isoformat(), str(rows[limit - 1]["id"])]
            if len(rows) > limit
            else None
        )
        return await _lists(rows[:limit]), more

    async def pricing(self, skus: Collection[str], currency: str) -> list[PriceList]:
        if not skus:
            return []
        rows = [dict(row) for row in await fetch(L._meta.db, PRICING, list(skus), currency)]
        if not rows:
            return []
        found: dict[UUID, dict[str, ListedPrice]] = {row["id"]: {} for row in rows}
        for row in await fetch(L._meta.db, PRICES, list(found), list(skus)):
            found[row["price_list_id"]][row["sku"]] = ListedPrice(amount=row["amount"], since=row["since"])
        return [PriceList(**row, prices=found[row["id"]]) for row in rows]
