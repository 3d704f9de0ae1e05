"""Profiles, address books, segments and their members, order facts.

The defaults of an address book and the once-only counting of an order are
guarded here: partial unique indexes, a primary key on the order id.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-03T17:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "customers: profiles, addresses, segments, order facts"

forwards = sql_migration(
    migration_id=ID,
    app="customers",
    description=DESCRIPTION,
    up="""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE customers_profiles (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL,
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    phone VARCHAR(40),
    locale VARCHAR(12),
    marketing_consent BOOLEAN NOT NULL DEFAULT false,
    tags TEXT[] NOT NULL DEFAULT '{}',
    blocked_at TIMESTAMPTZ,
    erased_at TIMESTAMPTZ,
    registered BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (cardinality(tags) <= 50)
);
CREATE INDEX customers_profiles_newest ON customers_profiles (created_at DESC, id DESC)
    WHERE erased_at IS NULL;
CREATE INDEX customers_profiles_text ON customers_profiles
    USING gin ((lower(email || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops);
CREATE TABLE customers_addresses (
    id UUID PRIMARY KEY,
    customer_id UUID NOT NULL REFERENCES customers_profiles (id) ON DELETE CASCADE,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    company VARCHAR(100),
    line1 VARCHAR(200) NOT NULL,
    line2 VARCHAR(200),
    city VARCHAR(100) NOT NULL,
    region VARCHAR(100),
    postal_code VARCHAR(20) NOT NULL,
    country CHAR(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    phone VARCHAR(40),
    default_shipping BOOLEAN NOT NULL DEFAULT false,
    default_billing BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX customers_addresses_customer ON customers_addresses (customer_id, created_at);
CREATE UNIQUE INDEX customers_addresses_one_default_shipping ON customers_addresses (customer_id)
    WHERE default_shipping;
CREATE UNIQUE INDEX customers_addresses_one_default_billing ON customers_addresses (customer_id)
    WHERE default_billing;
CREATE TABLE customers_segments (
    id UUID PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    description VARCHAR(500),
    kind TEXT NOT NULL CHECK (kind IN ('static', 'rule')),
    rules JSONB,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'rule') = (rules IS NOT NULL))
);
CREATE INDEX customers_segments_page ON customers_segments (name, id);
CREATE TABLE customers_segment_members (
    segment_id UUID NOT NULL REFERENCES customers_segments (id) ON DELETE CASCADE,
    customer_id UUID NOT NULL REFERENCES customers_profiles (id) ON DELETE CASCADE,
    added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (segment_id, customer_id)
);
CREATE INDEX customers_segment_members_customer ON customers_segment_members (customer_id);
CREATE TABLE customers_orders (
    order_id UUID PRIMARY KEY,
    customer_id UUID NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency CHAR(3) NOT NULL,
    placed_at TIMESTAMPTZ NOT NULL,
    cancelled_at TIMESTAMPTZ
);
CREATE INDEX customers_orders_customer ON customers_orders (customer_id, placed_at);
CREATE TABLE customers_spend (
    customer_id UUID NOT NULL,
    currency CHAR(3) NOT NULL,
    order_count INTEGER NOT NULL DEFAULT 0 CHECK (order_count >= 0),
    amount BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
    PRIMARY KEY (customer_id, currency)
);
INSERT INTO customers_profiles (id, email, first_name, last_name, registered, created_at, updated_at)
SELECT c.id, c.email, left(n.first_name, 100), left(n.last_name, 100), true, c.created_at, c.updated_at
FROM identity_customers c LEFT JOIN identity_names_handover n ON n.id = c.id;
DROP TABLE identity_names_handover
""",
    down="""
DROP TABLE customers_spend;
DROP TABLE customers_orders;
DROP TABLE customers_segment_members;
DROP TABLE customers_segments;
DROP TABLE customers_addresses;
DROP TABLE customers_profiles
""",
)
