"""The catalogue's product reads: detail, shop listings, counts, snapshots for search indexes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import FieldError, Invalid
from core.paging import MAX_LIMIT, as_position, decode_cursor, encode_cursor, unknown_cursor
from core.validation import Findings, found
from domains.catalog.handlers.products import References
from domains.catalog.messages import (
    CountProducts,
    GetProduct,
    ListProducts,
    ListProductsForIndex,
    ProductDetails,
    ProductPage,
    SnapshotPage,
)
from domains.catalog.model import taxonomy
from domains.catalog.ports import ProductFilter

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.model.products import Product
    from domains.catalog.ports import CatalogDeps

MAX_INDEX_LIMIT = 500


def check_page_size(limit: int, most: int = MAX_LIMIT) -> None:
    """A page holds 1 to ``most`` items."""
    if not 1 <= limit <= most:
        raise Invalid("limit out of range", errors=[FieldError("limit", f"must be between 1 and {most}")])


async def get_product(query: GetProduct, deps: CatalogDeps) -> ProductDetails:
    product = await _find(deps, query.id_or_slug)
    if product is not None and query.published_only and product.status != "published":
        product = None
    return await References(deps).details(found(product, "product", repr(query.id_or_slug)))


async def _find(deps: CatalogDeps, id_or_slug: str) -> Product | None:
    try:
        product_id = UUID(id_or_slug)
    except ValueError:
        return await deps.products.get_by_slug(id_or_slug.strip().lower())
    return await deps.products.get(product_id)


async def list_products(query: ListProducts, deps: CatalogDeps) -> ProductPage:
    check_page_size(query.limit)
    _check_prices(query)
    position = decode_cursor(query.cursor)
    if position is not None and (len(position) != 3 or position[0] != query.sort):
        raise unknown_cursor()
    where = await _filter(query, deps)
    if where is None:
        return ProductPage(items=[])
    items, after = await deps.products.page(
        where, query.sort, query.limit, position[1:] if position else None
    )
    return ProductPage(items=items, next_cursor=encode_cursor([query.sort, *after]) if after else None)


def _check_prices(query: ListProducts) -> None:
    checks = Findings()
    for field, value in (("min_price", query.min_price), ("max_price", query.max_price)):
        if value is not None and value < 0:
            checks.add(field, "must not be negative")
    if query.min_price is not None and query.max_price is not None and query.max_price < query.min_price:
        checks.add("max_price", "must not be below min_price")
    checks.raise_any("invalid price range")


async def _filter(query: ListProducts, deps: CatalogDeps) -> ProductFilter | None:
    """The filter of a listing, or None when the named category or brand does not exist."""
    category_ids, brand_id = None, None
    if query.category:
        category = await deps.categories.get_by_slug(query.category.strip().lower())
        if category is None:
            return None
        category_ids = [category.id, *(c.id for c in await deps.categories.descendants(category))]
    if query.brand:
        brand = await deps.brands.get_by_slug(query.brand.strip().lower())
        if brand is None:
            return None
        brand_id = brand.id
    return ProductFilter(
        status=query.status,
        category_ids=category_ids,
        brand_id=brand_id,
        min_price=query.min_price,
        max_price=query.max_price,
        text=(query.q or "").strip() or None,
    )


async def list_products_for_index(query: ListProductsForIndex, deps: CatalogDeps) -> SnapshotPage:
    """Published products' snapshots in id order; brands and categories read once per page."""
    check_page_size(query.limit, MAX_INDEX_LIMIT)
    position = decode_cursor(query.cursor)
    after = as_position(position, tuple[UUID])[0] if position is not None else None
    products = await deps.products.published_after(after, query.limit + 1)
    shown = products[: query.limit]
    brands = await deps.brands.get_many({p.brand_id for p in shown if p.brand_id is not None})
    categories = {c.id: c for c in await deps.categories.all()}
    items = [
        p.details(brands.get(p.brand_id) if p.brand_id else None, taxonomy.trail(p.category_id, categories))
        for p in shown
    ]
    more = len(products) > query.limit
    return SnapshotPage(items=items, next_cursor=encode_cursor([str(shown[-1].id)]) if more else None)


async def count_products(query: CountProducts, deps: CatalogDeps) -> int:
    return await deps.products.count(query.status)


HANDLERS: dict[type[Message], Handler] = {
    GetProduct: get_product,
    ListProducts: list_products,
    ListProductsForIndex: list_products_for_index,
    CountProducts: count_products,
}
