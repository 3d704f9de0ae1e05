"""The catalogue's copy of pricing's guest price lists on PostgreSQL: which exist, in which currency."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.db.engine import fetch
from domains.catalog.tables import CatalogPriceList

if TYPE_CHECKING:
    from uuid import UUID

PUT = """
INSERT INTO catalog_price_list (id, currency) VALUES ($1, $2)
ON CONFLICT (id) DO UPDATE SET currency = excluded.currency"""
DROP = "DELETE FROM catalog_price_list WHERE id = $1"
ANY_IN = "SELECT EXISTS (SELECT FROM catalog_price_list WHERE currency = $1) AS found"


class PgPriceListCopy:
    async def put(self, price_list_id: UUID, currency: str) -> None:
        await fetch(CatalogPriceList._meta.db, PUT, price_list_id, currency)

    async def drop(self, price_list_id: UUID) -> None:
        await fetch(CatalogPriceList._meta.db, DROP, price_list_id)

    async def any_in(self, currency: str) -> bool:
        return bool((await fetch(CatalogPriceList._meta.db, ANY_IN, currency))[0]["found"])
