"""The catalogue's copy of pricing's guest price lists (their currency), fed by pricing's events.

With none in the default currency, prices shown are the catalogue's base prices, as pricing would
give them, without asking pricing on every listing. Lists made before this copy existed reach it
when next changed.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:12:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalog: copy of guest price lists"
UP = """
CREATE TABLE catalog_price_list (id uuid PRIMARY KEY, currency varchar(3) NOT NULL);
CREATE INDEX catalog_price_list_currency ON catalog_price_list (currency)
"""

forwards = sql_migration(
    migration_id=ID, app="catalog", description=DESCRIPTION, up=UP, down="DROP TABLE catalog_price_list"
)
