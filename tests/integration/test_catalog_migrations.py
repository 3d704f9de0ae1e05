"""The catalogue's data migrations: variants whose SKU inventory never stocked stop showing on sale,
and product names are folded again the way ``fold`` now folds them."""

from __future__ import annotations

import importlib
import uuid
from datetime import UTC, datetime

import asyncpg

MIGRATION = importlib.import_module("migrations.catalog.catalog_2026_12_06t12_10_00_000000")
REFOLD = importlib.import_module("migrations.catalog.catalog_2026_12_06t12_11_00_000000")


async def run(conn: asyncpg.Connection, sql: str) -> None:
    """The statements as the migration runner gives them to the database (split on ';')."""
    for statement in filter(str.strip, sql.split(";")):
        await conn.execute(statement)


async def add_product(
    conn: asyncpg.Connection, name: str, *variants: tuple[str, bool], folded: str | None = None
) -> uuid.UUID:
    """A published product stored as before the fix: ``in_stock`` when any variant is available."""
    product_id, now = uuid.uuid4(), datetime.now(UTC)
    await conn.execute(
        "INSERT INTO catalog_product (id, slug, name, folded_name, status, images, price_min, price_max,"
        " currency, in_stock, created_at, updated_at) VALUES ($1, $2, $2, $5, 'published', '{}', 100, 100,"
        " 'EUR', $3, $4, $4)",
        product_id,
        name,
        any(available for _, available in variants),
        now,
        folded or name,
    )
    for position, (sku, available) in enumerate(variants):
        await conn.execute(
            "INSERT INTO catalog_variant (id, product_id, sku, price_amount, currency, available, position)"
            " VALUES ($1, $2, $3, 100, 'EUR', $4, $5)",
            uuid.uuid4(),
            product_id,
            sku,
            available,
            position,
        )
    return product_id


async def test_variants_without_stock_known_become_unavailable_and_their_product_out_of_stock(
    database_url: str,
) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        await conn.executemany(
            "INSERT INTO catalog_stock (sku, version, available) VALUES ($1, 1, $2)",
            [("STOCKED-1", True), ("SOLD-OUT-1", False)],
        )
        never = await add_product(conn, "never", ("NEVER-1", True))
        mixed = await add_product(conn, "mixed", ("STOCKED-1", True), ("NEVER-2", True))
        sold = await add_product(conn, "sold", ("SOLD-OUT-1", True))

        await run(conn, MIGRATION.UP)

        variants = dict(await conn.fetch("SELECT sku, available FROM catalog_variant"))
        products = dict(await conn.fetch("SELECT id, in_stock FROM catalog_product"))
    finally:
        await conn.close()
    assert variants == {"NEVER-1": False, "STOCKED-1": True, "NEVER-2": False, "SOLD-OUT-1": False}
    assert products == {never: False, mixed: True, sold: False}


async def test_names_with_typographic_apostrophes_or_format_characters_are_folded_again(
    database_url: str,
) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        oreal = await add_product(conn, "oreal", folded="l\u2019oreal creme")
        phone = await add_product(conn, "phone", folded="i\u200bphone so\u00adfa")
        plain = await add_product(conn, "plain", folded="l'oreal mascara")

        await run(conn, REFOLD.UP)

        folded = dict(await conn.fetch("SELECT id, folded_name FROM catalog_product"))
    finally:
        await conn.close()
    assert folded == {oreal: "l'oreal creme", phone: "iphone sofa", plain: "l'oreal mascara"}
