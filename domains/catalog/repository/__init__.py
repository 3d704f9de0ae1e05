"""The catalogue's PostgreSQL stores: products (and the hand-written listing SQL), categories, brands,
the copies of stock availability and of guest price lists."""

from __future__ import annotations

from domains.catalog.repository.prices import PgPriceListCopy
from domains.catalog.repository.products import PgProductRepository
from domains.catalog.repository.stock import PgStockCopy
from domains.catalog.repository.taxonomy import PgBrandRepository, PgCategoryRepository

__all__ = [
    "PgBrandRepository",
    "PgCategoryRepository",
    "PgPriceListCopy",
    "PgProductRepository",
    "PgStockCopy",
]
