"""Payment webhooks: every provider event received, once, and finding a payment by the provider's id.

The primary key (provider, event_id) is what makes a replayed delivery a no-op.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T09:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "payments: webhook events received, payments by provider reference"

forwards = sql_migration(
    migration_id=ID,
    app="payments",
    description=DESCRIPTION,
    up="""
CREATE TABLE payments_webhook_events (
    provider VARCHAR(50) NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    outcome VARCHAR(20) NOT NULL DEFAULT 'received'
        CHECK (outcome IN ('received', 'applied', 'ignored', 'unknown_payment')),
    order_id UUID,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, event_id)
);
CREATE INDEX payments_webhook_events_order ON payments_webhook_events (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX payments_payment_reference ON payments_payment (provider, reference) WHERE reference IS NOT NULL
""",
    down="""
DROP INDEX payments_payment_reference;
DROP TABLE payments_webhook_events
""",
)
