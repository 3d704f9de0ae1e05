"""Carts and their lines.

A customer has at most one active cart (a partial unique index); a line is one SKU
of one cart (UNIQUE (cart_id, sku)); quantities stay positive; ``version`` is the
guard of the conditional UPDATEs that save a cart.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T03:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "cart: carts and lines"

forwards = sql_migration(
    migration_id=ID,
    app="cart",
    description=DESCRIPTION,
    up="""
CREATE TABLE cart_carts (
    id UUID PRIMARY KEY,
    customer_id UUID,
    email VARCHAR(254),
    currency CHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'checked_out', 'merged')),
    coupon_codes TEXT[] NOT NULL DEFAULT '{}',
    shipping_address JSONB,
    shipping_method_id UUID,
    order_id UUID,
    reserved_until TIMESTAMPTZ,
    version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK ((status = 'checked_out') = (order_id IS NOT NULL)),
    CHECK (cardinality(coupon_codes) <= 20)
);
CREATE UNIQUE INDEX cart_carts_one_active ON cart_carts (customer_id)
    WHERE status = 'active' AND customer_id IS NOT NULL;
CREATE INDEX cart_carts_order ON cart_carts (order_id) WHERE order_id IS NOT NULL;
CREATE TABLE cart_lines (
    id UUID PRIMARY KEY,
    cart_id UUID NOT NULL REFERENCES cart_carts (id) ON DELETE CASCADE,
    sku VARCHAR(64) NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (cart_id, sku)
)
""",
    down="""
DROP TABLE cart_lines;
DROP TABLE cart_carts
""",
)
