"""The price history also records a price list dropping a SKU (amount NULL)."""

from adapters.db.migrations import sql_migration

ID = "2026-12-05T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "pricing: a history row may record a list price ending"

forwards = sql_migration(
    migration_id=ID,
    app="pricing",
    description=DESCRIPTION,
    up="ALTER TABLE pricing_price_history ALTER COLUMN amount DROP NOT NULL",
    down="""
DELETE FROM pricing_price_history WHERE amount IS NULL;
ALTER TABLE pricing_price_history ALTER COLUMN amount SET NOT NULL
""",
)
