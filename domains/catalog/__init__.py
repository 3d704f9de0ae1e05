"""The catalog domain: products and variants, categories, brands.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.catalog.ports import CatalogDeps


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> CatalogDeps:
    from domains.catalog.ports import CatalogDeps
    from domains.catalog.repository import (
        PgBrandRepository,
        PgCategoryRepository,
        PgPriceListCopy,
        PgProductRepository,
        PgStockCopy,
    )

    return CatalogDeps(
        uow=runtime.uow,
        products=PgProductRepository(),
        categories=PgCategoryRepository(),
        brands=PgBrandRepository(),
        clock=utc_now,
        stock=PgStockCopy(),
        price_lists=PgPriceListCopy(),
        currency=runtime.settings.default_currency,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.catalog import admin, api
    from domains.catalog.handlers import HANDLERS, SUBSCRIPTIONS
    from domains.catalog.messages import MESSAGES
    from domains.catalog.tables import TABLES

    return Domain(
        name="catalog",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
