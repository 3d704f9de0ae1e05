"""Orders refunded in full before anything of them shipped, while such a refund still kept their stock
allocated, are marked for undoing: the recovery pass gives their stock back and calls their shipments
off, as it now happens at the refund."""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:31:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orders: give back the stock of orders refunded before shipment"

forwards = sql_migration(
    migration_id=ID,
    app="orders",
    description=DESCRIPTION,
    up="""
UPDATE orders_orders SET cancel_pending = true, updated_at = now()
WHERE status = 'refunded' AND NOT cancel_pending AND NOT status_history @> '[{"status": "shipped"}]'::jsonb
""",
    down="",
)
