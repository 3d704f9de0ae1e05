"""A shipment may be cancelled: its order was cancelled, or refunded in full, before it left."""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "shipping: cancelled shipments"

forwards = sql_migration(
    migration_id=ID,
    app="shipping",
    description=DESCRIPTION,
    up="""
ALTER TABLE shipping_shipment DROP CONSTRAINT shipping_shipment_status_check;
ALTER TABLE shipping_shipment ADD CONSTRAINT shipping_shipment_status_check CHECK (status IN
    ('pending', 'labelled', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'failed', 'cancelled'))
""",
    down="""
UPDATE shipping_shipment SET status = 'pending' WHERE status = 'cancelled';
ALTER TABLE shipping_shipment DROP CONSTRAINT shipping_shipment_status_check;
ALTER TABLE shipping_shipment ADD CONSTRAINT shipping_shipment_status_check CHECK (status IN
    ('pending', 'labelled', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'failed'))""",
)
