"""Payments, one per order, and their ledger of provider calls.

The CHECKs are the last guard of money: refunds (done and in flight) never pass
what was captured, and nothing is captured beyond the amount.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T00:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "payments: payments per order, transactions ledger"

forwards = sql_migration(
    migration_id=ID,
    app="payments",
    description=DESCRIPTION,
    up="""
CREATE TABLE payments_payment (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL UNIQUE,
    provider VARCHAR(50) NOT NULL,
    status VARCHAR(20) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'authorised', 'captured',
        'requires_action', 'declined', 'failed', 'voided', 'refunded', 'partially_refunded')),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    capture BOOLEAN NOT NULL DEFAULT true,
    captured BIGINT NOT NULL DEFAULT 0,
    refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    refunding BIGINT NOT NULL DEFAULT 0 CHECK (refunding >= 0),
    reference VARCHAR(255),
    decline_reason VARCHAR(100),
    action_url TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (refunded <= captured AND refunded + refunding <= captured AND captured <= amount)
);
CREATE INDEX payments_payment_unsettled ON payments_payment (updated_at) WHERE status IN ('pending', 'failed');
CREATE TABLE payments_transaction (
    id UUID PRIMARY KEY,
    payment_id UUID NOT NULL REFERENCES payments_payment (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('authorise', 'capture', 'void', 'refund')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    outcome VARCHAR(20) NOT NULL DEFAULT 'pending'
        CHECK (outcome IN ('pending', 'succeeded', 'requires_action', 'declined', 'failed')),
    reference VARCHAR(255),
    reason VARCHAR(500),
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payments_transaction_payment ON payments_transaction (payment_id, created_at)
""",
    down="""
DROP TABLE payments_transaction;
DROP TABLE payments_payment
""",
)
