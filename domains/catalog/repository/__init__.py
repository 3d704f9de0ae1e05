"""The catalogue's PostgreSQL stores: products (and the hand-written listing SQL), categories, brands,
the copy of stock availability."""

from __future__ import annotations

from domains.catalog.repository.products import PgProductRepository
from domains.catalog.repository.stock import PgStockCopy
from domains.catalog.repository.taxonomy import PgBrandRepository, PgCategoryRepository

__all__ = ["PgBrandRepository", "PgCategoryRepository", "PgProductRepository", "PgStockCopy"]
