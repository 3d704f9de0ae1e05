"""Returns (RMA) and the orders' refunds ledger.

An order's refunded total is the largest ``total_refunded``
of its refunds; each refund takes it up once (unique per order and total).
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T09:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orders: returns, refunds"

STATUSES = "'requested', 'approved', 'rejected', 'received', 'refunded'"

forwards = sql_migration(
    migration_id=ID,
    app="orders",
    description=DESCRIPTION,
    up=f"""
CREATE TABLE orders_returns (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL,
    order_number BIGINT NOT NULL,
    email VARCHAR(320),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{{3}}$'),
    status VARCHAR(20) NOT NULL CHECK (status IN ({STATUSES})),
    items JSONB NOT NULL,
    reason TEXT NOT NULL,
    received JSONB NOT NULL DEFAULT '[]',
    restocks JSONB NOT NULL DEFAULT '[]',
    refund BIGINT CHECK (refund >= 0),
    rejection_reason TEXT,
    status_history JSONB NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    requested_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX orders_returns_order ON orders_returns (order_id, requested_at, id);
CREATE INDEX orders_returns_listing ON orders_returns (requested_at DESC, id DESC);
CREATE INDEX orders_returns_status ON orders_returns (status, requested_at DESC, id DESC);
CREATE INDEX orders_returns_received ON orders_returns (updated_at) WHERE status = 'received';
CREATE TABLE orders_refunds (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{{3}}$'),
    total_refunded BIGINT NOT NULL CHECK (total_refunded >= amount),
    reason TEXT,
    return_id UUID,
    actor VARCHAR(100) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (order_id, total_refunded)
)
""",
    down="""
DROP TABLE orders_refunds;
DROP TABLE orders_returns
""",
)
