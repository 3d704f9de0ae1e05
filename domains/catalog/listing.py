"""Product listings on PostgreSQL: filters, four sort orders and keyset positions.

A position is ``[sort key, id]`` of the last row shown; the next page starts
strictly after it in the same order, so pages neither skip nor repeat rows
while products are added.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from piccolo.columns.combination import WhereRaw

from core.errors import FieldError, Invalid
from domains.catalog.messages import BrandRef, CategoryRef, Money, ProductSummary
from domains.catalog.rules import fold
from domains.catalog.tables import CatalogProduct

if TYPE_CHECKING:
    from piccolo.columns import Column

    from domains.catalog.messages import Sort
    from domains.catalog.ports import Position, ProductFilter

P = CatalogProduct
# sort -> (column name, ascending, how a position's key is read back)
SORTS: dict[str, tuple[str, bool, Any]] = {
    "newest": ("created_at", False, datetime.fromisoformat),
    "price_asc": ("price_min", True, int),
    "price_desc": ("price_min", False, int),
    "name": ("folded_name", True, str),
}
COLUMNS = (
    P.id,
    P.slug,
    P.name,
    P.status,
    P.price_min,
    P.price_max,
    P.currency,
    P.in_stock,
    P.images,
    P.created_at,
    P.folded_name,
    P.brand.id.as_alias("brand_id"),
    P.brand.slug.as_alias("brand_slug"),
    P.brand.name.as_alias("brand_name"),
    P.category.id.as_alias("category_id"),
    P.category.slug.as_alias("category_slug"),
    P.category.name.as_alias("category_name"),
    P.category.path.as_alias("category_path"),
)


def _conditions(where: ProductFilter) -> list[Any]:
    found: list[Any] = []
    if where.status is not None:
        found.append(P.status == where.status)
    if where.category_ids is not None:
        found.append(P.category.is_in(where.category_ids))
    if where.brand_id is not None:
        found.append(P.brand == where.brand_id)
    if where.min_price is not None:
        found.append(P.price_min >= where.min_price)
    if where.max_price is not None:
        found.append(P.price_min <= where.max_price)
    if where.text:
        escaped = fold(where.text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found.append(P.folded_name.like(f"%{escaped}%"))
    return found


def _after(sort: Sort, position: Position) -> WhereRaw:
    name, ascending, read = SORTS[sort]
    try:
        key, last_id = read(position[0]), UUID(position[1])
    except (ValueError, TypeError, IndexError):
        raise Invalid(
            "the cursor is not one this API gave", errors=[FieldError("cursor", "unknown cursor")]
        ) from None
    operator = ">" if ascending else "<"
    return WhereRaw(
        f'("catalog_product"."{name}", "catalog_product"."id") {operator} ({{}}, {{}})', key, last_id
    )


def _position(sort: Sort, row: dict[str, Any]) -> Position:
    key = row[SORTS[sort][0]]
    return [key.isoformat() if isinstance(key, datetime) else key, str(row["id"])]


def _summary(row: dict[str, Any]) -> ProductSummary:
    currency = row["currency"]
    return ProductSummary(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        status=row["status"],
        price=Money(amount=row["price_min"], currency=currency) if currency else None,
        price_max=Money(amount=row["price_max"], currency=currency) if currency else None,
        in_stock=row["in_stock"],
        brand=BrandRef(id=row["brand_id"], slug=row["brand_slug"], name=row["brand_name"])
        if row["brand_id"]
        else None,
        category=CategoryRef(
            id=row["category_id"],
            slug=row["category_slug"],
            name=row["category_name"],
            path=row["category_path"],
        )
        if row["category_id"]
        else None,
        image=row["images"][0] if row["images"] else None,
        created_at=row["created_at"],
    )


async def product_page(
    where: ProductFilter, sort: Sort, limit: int, after: Position | None
) -> tuple[list[ProductSummary], Position | None]:
    name, ascending, _ = SORTS[sort]
    order: Column = getattr(P, name)
    query = P.select(*COLUMNS).order_by(order, P.id, ascending=ascending).limit(limit + 1)
    conditions = _conditions(where)
    if after is not None:
        conditions.append(_after(sort, after))
    if conditions:
        query = query.where(*conditions)
    rows = await query
    more = len(rows) > limit
    rows = rows[:limit]
    return [_summary(row) for row in rows], _position(sort, rows[-1]) if more and rows else None
