"""The catalogue's copy of stock availability on PostgreSQL: a newer version replaces an older one only."""

from __future__ import annotations

from collections.abc import Collection

from domains.catalog.tables import CatalogStock

S = CatalogStock

ADVANCE = """
INSERT INTO catalog_stock AS s (sku, version, available) VALUES ({}, {}, {})
ON CONFLICT (sku) DO UPDATE SET version = excluded.version, available = excluded.available
WHERE s.version < excluded.version
RETURNING s.sku"""


class PgStockCopy:
    async def advance(self, sku: str, version: int, available: bool) -> bool:
        return bool(await S.raw(ADVANCE, sku, version, available))

    async def availability(self, skus: Collection[str]) -> dict[str, bool]:
        if not skus:
            return {}
        rows = await S.select(S.sku, S.available).where(S.sku.is_in(list(skus)))
        return {row["sku"]: row["available"] for row in rows}
