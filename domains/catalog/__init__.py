"""The catalog domain: products and variants, categories, brands."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.catalog.admin import ProductAdminController
from domains.catalog.admin_taxonomy import BrandAdminController, CategoryAdminController
from domains.catalog.api import ShopCatalogController
from domains.catalog.handlers import HANDLERS
from domains.catalog.messages import EVENTS
from domains.catalog.ports import Catalog
from domains.catalog.repository import PgProductRepository
from domains.catalog.tables import TABLES
from domains.catalog.taxonomy_repository import PgBrandRepository, PgCategoryRepository


def bootstrap(runtime: Runtime) -> Catalog:
    return Catalog(
        uow=runtime.uow,
        products=PgProductRepository(),
        categories=PgCategoryRepository(),
        brands=PgBrandRepository(),
        clock=lambda: datetime.now(UTC),
    )


domain = Domain(
    name="catalog",
    messages=EVENTS,
    handlers=HANDLERS,
    routes=[ShopCatalogController, ProductAdminController, CategoryAdminController, BrandAdminController],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
