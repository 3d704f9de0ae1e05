"""Orders with their snapshot and history, the order number sequence, the checkout saga's rows.

A cart has at most one checkout running (or compensating) or done: a partial unique index.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T04:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orders: orders, numbers, checkouts"

STATUSES = (
    "'pending_payment', 'paid', 'fulfilling', 'shipped', 'delivered', 'cancelled', 'refunded', "
    "'partially_refunded', 'return_requested', 'returned'"
)
STEPS = "'started', 'redeeming', 'allocating', 'paying', 'placing', 'placed', 'completed'"

forwards = sql_migration(
    migration_id=ID,
    app="orders",
    description=DESCRIPTION,
    up=f"""
CREATE SEQUENCE orders_number_seq START WITH 1001;
CREATE TABLE orders_orders (
    id UUID PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    status VARCHAR(30) NOT NULL CHECK (status IN ({STATUSES})),
    customer_id UUID,
    email VARCHAR(320),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{{3}}$'),
    cart_id UUID,
    items JSONB NOT NULL,
    totals JSONB NOT NULL,
    total BIGINT NOT NULL CHECK (total >= 0),
    shipping_address JSONB,
    shipping_method JSONB,
    applied_promotions JSONB NOT NULL DEFAULT '[]',
    coupon_codes JSONB NOT NULL DEFAULT '[]',
    status_history JSONB NOT NULL,
    actor VARCHAR(100) NOT NULL,
    payment_status VARCHAR(30),
    payment_provider VARCHAR(50),
    token_hash VARCHAR(64),
    carrier VARCHAR(100),
    tracking_number VARCHAR(100),
    cancel_pending BOOLEAN NOT NULL DEFAULT false,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    placed_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX orders_orders_listing ON orders_orders (placed_at DESC, id DESC);
CREATE INDEX orders_orders_customer ON orders_orders (customer_id, placed_at DESC, id DESC);
CREATE INDEX orders_orders_status ON orders_orders (status, placed_at DESC, id DESC);
CREATE INDEX orders_orders_cancel_pending ON orders_orders (updated_at) WHERE cancel_pending;
CREATE TABLE orders_checkouts (
    order_id UUID PRIMARY KEY,
    cart_id UUID NOT NULL,
    customer_id UUID,
    email VARCHAR(320),
    provider VARCHAR(50) NOT NULL,
    token_hash VARCHAR(64) NOT NULL,
    step VARCHAR(20) NOT NULL CHECK (step IN ({STEPS})),
    state VARCHAR(20) NOT NULL CHECK (state IN ('running', 'compensating', 'failed', 'done')),
    plan JSONB,
    total BIGINT CHECK (total >= 0),
    error TEXT,
    lease_owner UUID NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX orders_checkouts_cart ON orders_checkouts (cart_id) WHERE state <> 'failed';
CREATE INDEX orders_checkouts_unfinished ON orders_checkouts (lease_until)
    WHERE state IN ('running', 'compensating') OR (state = 'done' AND step = 'placed')
""",
    down="""
DROP TABLE orders_checkouts;
DROP TABLE orders_orders;
DROP SEQUENCE orders_number_seq
""",
)
