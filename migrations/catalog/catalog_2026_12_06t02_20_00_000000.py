"""The catalogue's copy of inventory's word on each SKU: in stock or not, and the version it came with.

Kept by SKU, not by variant, so a variant created after its SKU was stocked
starts with the right flag, and an older StockChanged arriving late is ignored.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T02:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalog: stock availability per SKU, fed by inventory"

forwards = sql_migration(
    migration_id=ID,
    app="catalog",
    description=DESCRIPTION,
    up="""
CREATE TABLE catalog_stock (
    sku VARCHAR(64) PRIMARY KEY,
    version BIGINT NOT NULL,
    available BOOLEAN NOT NULL
)
""",
    down="DROP TABLE catalog_stock",
)
