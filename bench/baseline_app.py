"""The bare baseline: minimal Litestar handlers running SQL of the same shape with raw asyncpg.

GET /products answers the same rows, order and JSON shape as the shop's first
page of published products; GET /search and /search/autocomplete run one
full-text query over the same search table the shop's PostgreSQL engine uses.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from litestar import Litestar, get

LISTING = """
SELECT p.id, p.slug, p.name, p.price_min, p.price_max, p.currency, p.in_stock, p.images[1] AS image,
       p.created_at, b.id AS brand_id, b.slug AS brand_slug, b.name AS brand_name,
       c.id AS category_id, c.slug AS category_slug, c.name AS category_name, c.path AS category_path
FROM catalog_product p
LEFT JOIN catalog_brand b ON b.id = p.brand_id
LEFT JOIN catalog_category c ON c.id = p.category_id
WHERE p.status = 'published'
ORDER BY p.created_at DESC, p.id DESC
LIMIT 21
"""

pool: Any = None


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=2, max_size=10)
    try:
        yield
    finally:
        await pool.close()


def _item(row: Any) -> dict[str, Any]:
    money = (lambda amount: {"amount": amount, "currency": row["currency"]}) if row["currency"] else None
    return {
        "id": str(row["id"]),
        "slug": row["slug"],
        "name": row["name"],
        "price": money(row["price_min"]) if money else None,
        "price_max": money(row["price_max"]) if money else None,
        "in_stock": row["in_stock"],
        "image": row["image"],
        "created_at": row["created_at"].isoformat(),
        "brand": {"id": str(row["brand_id"]), "slug": row["brand_slug"], "name": row["brand_name"]}
        if row["brand_id"]
        else None,
        "category": {
            "id": str(row["category_id"]),
            "slug": row["category_slug"],
            "name": row["category_name"],
            "path": row["category_path"],
        }
        if row["category_id"]
        else None,
    }


@get("/products")
async def products() -> dict[str, Any]:
    rows = await pool.fetch(LISTING)
    return {"items": [_item(r) for r in rows[:20]], "next_cursor": "x" if len(rows) > 20 else None}


SEARCH = """
WITH q AS (SELECT to_tsquery('search_text', $1) AS query)
SELECT d.id, d.slug, d.title, d.brand, d.category, d.price, d.currency, d.in_stock,
       count(*) OVER () AS total
FROM search_documents d, q
WHERE d.type = 'product' AND d.vector @@ q.query
ORDER BY ts_rank(d.vector, q.query) DESC, d.id
LIMIT 20
"""
AUTOCOMPLETE = """
SELECT DISTINCT ON (popularity, title) title FROM search_documents
WHERE type = 'product' AND labels @@ to_tsquery('simple', $1)
ORDER BY popularity DESC, title LIMIT 8
"""


def _prefix_query(q: str) -> str:
    words = [w for w in "".join(c if c.isalnum() else " " for c in q.lower()).split() if w]
    return " & ".join([*words[:-1], words[-1] + ":*"]) if words else "''"


@get("/search")
async def search(q: str = "") -> dict[str, Any]:
    rows = await pool.fetch(SEARCH, _prefix_query(q))
    return {
        "hits": [{k: v for k, v in dict(r).items() if k != "total"} for r in rows],
        "total": rows[0]["total"] if rows else 0,
    }


@get("/search/autocomplete")
async def autocomplete(q: str = "") -> dict[str, Any]:
    rows = await pool.fetch(AUTOCOMPLETE, _prefix_query(q))
    return {"suggestions": [r["title"] for r in rows]}


@get("/health/ready")
async def ready() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar([products, search, autocomplete, ready], lifespan=[lifespan])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
