"""The naive checkout: one Litestar handler, one transaction, ``SELECT ... FOR UPDATE``.

``POST /checkout`` ``{sku, quantity, email}`` locks the SKU's stock row, refuses with
409 when too few units are left, else takes them and inserts the order: what a shop
without reservations, quotes, payments or an outbox would do.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from litestar import Litestar, Response, get, post

TABLES = """
CREATE TABLE IF NOT EXISTS bench_stock (sku text PRIMARY KEY, on_hand int NOT NULL CHECK (on_hand >= 0));
CREATE TABLE IF NOT EXISTS bench_orders (
    id bigserial PRIMARY KEY, sku text NOT NULL, quantity int NOT NULL, email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
"""

pool: Any = None


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=2, max_size=10)
    try:
        await pool.execute(TABLES)
        yield
    finally:
        await pool.close()


@post("/checkout", status_code=201)
async def checkout(data: dict[str, Any]) -> Response[dict[str, Any]]:
    async with pool.acquire() as conn, conn.transaction():
        on_hand = await conn.fetchval(
            "SELECT on_hand FROM bench_stock WHERE sku = $1 FOR UPDATE", data["sku"]
        )
        if on_hand is None or on_hand < data["quantity"]:
            return Response({"title": "out of stock"}, status_code=409)
        await conn.execute(
            "UPDATE bench_stock SET on_hand = on_hand - $2 WHERE sku = $1", data["sku"], data["quantity"]
        )
        order_id = await conn.fetchval(
            "INSERT INTO bench_orders (sku, quantity, email) VALUES ($1, $2, $3) RETURNING id",
            data["sku"],
            data["quantity"],
            data["email"],
        )
    return Response({"id": order_id, "status": "paid"}, status_code=201)


@get("/health/ready")
async def ready() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar([checkout, ready], lifespan=[lifespan])

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
