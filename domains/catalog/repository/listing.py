"""Product reads on PostgreSQL: shop listings (filters, four sort orders, keyset positions)
and the facts of variants by SKU.

The shop's hottest reads, so their SQL is written by hand (see adapters.db.engine.fetch).

A position is ``[sort key, id]`` of the last row shown; the next page starts
strictly after it in the same order, so pages neither skip nor repeat rows
while products are added.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from adapters.db.engine import fetch
from core.money import Money
from core.paging import AwareTime, Whole, as_position
from domains.catalog.messages import BrandRef, CategoryRef, ProductSummary, VariantFacts
from domains.catalog.model import fold
from domains.catalog.tables import CatalogProduct

if TYPE_CHECKING:
    from domains.catalog.messages import Sort
    from domains.catalog.ports import Position, ProductFilter

P = CatalogProduct
# sort -> (column name, ascending, the type of a position's key)
SORTS: dict[str, tuple[str, bool, Any]] = {
    "newest": ("created_at", False, AwareTime),
    "price_asc": ("price_min", True, Whole),
    "price_desc": ("price_min", False, Whole),
    "name": ("folded_name", True, str),
}
LISTING = """
SELECT p.id, p.slug, p.name, p.status, p.price_min, p.price_max, p.currency, p.in_stock, p.images,
       p.created_at, p.folded_name,
       b.id AS brand_id, b.slug AS brand_slug, b.name AS brand_name,
       c.id AS category_id, c.slug AS category_slug, c.name AS category_name, c.path AS category_path
FROM catalog_product p
LEFT JOIN catalog_brand b ON b.id = p.brand_id
LEFT JOIN catalog_category c ON c.id = p.category_id
"""

# One query: each variant with its product, and the product's category with its ancestors
# (the categories whose path is a prefix of its path), root first.
FACTS = """
SELECT v.id AS variant_id, v.sku, v.price_amount, v.currency, v.weight_grams, v.available,
       p.id AS product_id, p.name AS product_name, p.brand_id, p.status,
       coalesce(
           (SELECT array_agg(a.id ORDER BY a.depth)
            FROM catalog_category own JOIN catalog_category a
              ON own.path = a.path OR starts_with(own.path, a.path || '/')
            WHERE own.id = p.category_id),
           '{}'::uuid[]
       ) AS category_ids
FROM catalog_variant v
JOIN catalog_product p ON p.id = v.product_id
WHERE v.sku = ANY($1::text[])
ORDER BY v.sku
"""


class _Sql:
    """WHERE clauses with numbered parameters; column names come from code, values never inline."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.args: list[Any] = []

    def param(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"

    def where(self, clause: str) -> None:
        self.clauses.append(clause)


def _conditions(where: ProductFilter, sql: _Sql) -> None:
    if where.status is not None:
        sql.where(f"p.status = {sql.param(where.status)}")
    if where.category_ids is not None:
        sql.where(f"p.category_id = ANY({sql.param(list(where.category_ids))}::uuid[])")
    if where.brand_id is not None:
        sql.where(f"p.brand_id = {sql.param(where.brand_id)}")
    if where.min_price is not None:
        sql.where(f"p.price_min >= {sql.param(where.min_price)}")
    if where.max_price is not None:
        sql.where(f"p.price_min <= {sql.param(where.max_price)}")
    if where.text:
        escaped = fold(where.text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql.where(f"p.folded_name LIKE {sql.param(f'%{escaped}%')}")


def _after(sort: Sort, position: Position, sql: _Sql) -> None:
    name, ascending, key_type = SORTS[sort]
    key, last_id = as_position(position, tuple[key_type, UUID])  # type: ignore[valid-type]
    operator = ">" if ascending else "<"
    sql.where(f"(p.{name}, p.id) {operator} ({sql.param(key)}, {sql.param(last_id)})")


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
    sql = _Sql()
    _conditions(where, sql)
    if after is not None:
        _after(sort, after, sql)
    direction = "ASC" if ascending else "DESC"
    text = LISTING + (f"WHERE {' AND '.join(sql.clauses)}\n" if sql.clauses else "")
    text += f"ORDER BY p.{name} {direction}, p.id {direction} LIMIT {sql.param(limit + 1)}"
    rows = await fetch(P._meta.db, text, *sql.args)
    more = len(rows) > limit
    rows = rows[:limit]
    return [_summary(row) for row in rows], _position(sort, rows[-1]) if more and rows else None


async def variant_facts(skus: list[str]) -> list[VariantFacts]:
    rows = await fetch(P._meta.db, FACTS, skus)
    return [
        VariantFacts(
            sku=row["sku"],
            variant_id=row["variant_id"],
            product_id=row["product_id"],
            product_name=row["product_name"],
            price=Money(amount=row["price_amount"], currency=row["currency"]),
            category_ids=list(row["category_ids"]),
            brand_id=row["brand_id"],
            weight_grams=row["weight_grams"],
            available=row["available"],
            status=row["status"],
        )
        for row in rows
    ]
