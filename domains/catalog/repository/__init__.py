"""The catalogue's PostgreSQL stores: products (and the hand-written listing SQL), categories, brands."""

from __future__ import annotations

from domains.catalog.repository.products import PgProductRepository
from domains.catalog.repository.taxonomy import PgBrandRepository, PgCategoryRepository

__all__ = ["PgBrandRepository", "PgCategoryRepository", "PgProductRepository"]
