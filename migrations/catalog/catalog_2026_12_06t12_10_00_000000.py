"""Variants whose SKU inventory never stocked (or last said is sold out) stop reading available.

They were created available and only inventory's events changed the flag, so a
SKU that never had stock stayed on sale though no cart could buy it. Products'
``in_stock`` follows their variants. Search documents keep the old flag until
the next change of each product or a reindex (`mercato search reindex`).
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "catalog: a variant without stock known is not available"
UP = """
UPDATE catalog_variant v SET available = false
WHERE v.available
  AND NOT EXISTS (SELECT 1 FROM catalog_stock s WHERE s.sku = v.sku AND s.available);
UPDATE catalog_product p SET in_stock = false
WHERE p.in_stock
  AND NOT EXISTS (SELECT 1 FROM catalog_variant v WHERE v.product_id = p.id AND v.available)
"""

forwards = sql_migration(migration_id=ID, app="catalog", description=DESCRIPTION, up=UP, down="")
