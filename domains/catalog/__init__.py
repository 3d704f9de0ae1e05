"""The catalog domain: products and variants, categories, brands."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.catalog import admin, api
from domains.catalog.handlers import HANDLERS, SUBSCRIPTIONS
from domains.catalog.messages import MESSAGES
from domains.catalog.ports import CatalogDeps
from domains.catalog.repository import (
    PgBrandRepository,
    PgCategoryRepository,
    PgProductRepository,
    PgStockCopy,
)
from domains.catalog.tables import TABLES


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> CatalogDeps:
    return CatalogDeps(
        uow=runtime.uow,
        products=PgProductRepository(),
        categories=PgCategoryRepository(),
        brands=PgBrandRepository(),
        clock=utc_now,
        stock=PgStockCopy(),
        currency=runtime.settings.default_currency,
    )


domain = Domain(
    name="catalog",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
