"""The catalogue's answers: product detail, listings, snapshots for search indexes."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT, decode_cursor, encode_cursor, unknown_cursor
from domains.catalog import rules, taxonomy, views
from domains.catalog.messages import (
    CountProducts,
    GetProduct,
    ListProducts,
    ListProductsForIndex,
    ProductDetails,
    ProductPage,
    SnapshotPage,
)
from domains.catalog.ports import ProductFilter
from domains.catalog.products import References

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.model import Product
    from domains.catalog.ports import Catalog

MAX_INDEX_LIMIT = 500


def check_limit(limit: int, most: int = MAX_LIMIT) -> None:
    if not 1 <= limit <= most:
        raise Invalid("limit out of range", errors=[FieldError("limit", f"must be between 1 and {most}")])


async def get_product(query: GetProduct, deps: Catalog) -> ProductDetails:
    product = await _find(deps, query.id_or_slug)
    if product is None or (query.published_only and product.status != "published"):
        raise NotFound(f"no product {query.id_or_slug!r}")
    return await References(deps).details(product)


async def _find(deps: Catalog, id_or_slug: str) -> Product | None:
    try:
        product_id = UUID(id_or_slug)
    except ValueError:
        return await deps.products.get_by_slug(id_or_slug.strip().lower())
    return await deps.products.get(product_id)


async def list_products(query: ListProducts, deps: Catalog) -> ProductPage:
    check_limit(query.limit)
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
    found = rules.Findings()
    for field, value in (("min_price", query.min_price), ("max_price", query.max_price)):
        if value is not None and value < 0:
            found.add(field, "must not be negative")
    if query.min_price is not None and query.max_price is not None and query.max_price < query.min_price:
        found.add("max_price", "must not be below min_price")
    found.raise_any("invalid price range")


async def _filter(query: ListProducts, deps: Catalog) -> ProductFilter | None:
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


async def list_products_for_index(query: ListProductsForIndex, deps: Catalog) -> SnapshotPage:
    """Published products' snapshots in id order; brands and categories read once per page."""
    check_limit(query.limit, MAX_INDEX_LIMIT)
    position = decode_cursor(query.cursor)
    try:
        after = UUID(position[0]) if position is not None else None
    except (ValueError, TypeError, IndexError, AttributeError):
        raise unknown_cursor() from None
    products = await deps.products.published_after(after, query.limit + 1)
    shown = products[: query.limit]
    brands = await deps.brands.get_many({p.brand_id for p in shown if p.brand_id is not None})
    categories = {c.id: c for c in await deps.categories.all()}
    items = [
        views.product_details(
            p, brands.get(p.brand_id) if p.brand_id else None, taxonomy.trail(p.category_id, categories)
        )
        for p in shown
    ]
    more = len(products) > query.limit
    return SnapshotPage(items=items, next_cursor=encode_cursor([str(shown[-1].id)]) if more else None)


async def count_products(query: CountProducts, deps: Catalog) -> int:
    return await deps.products.count(query.status)


HANDLERS: dict[type[Message], Handler] = {
    GetProduct: get_product,
    ListProducts: list_products,
    ListProductsForIndex: list_products_for_index,
    CountProducts: count_products,
}
