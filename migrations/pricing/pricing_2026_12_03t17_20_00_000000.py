"""Pricing's copy of base prices, price lists, price history, exchange rates, tax classes and rates.

The CHECKs keep amounts non-negative, codes well formed and tax rates between 0 and 1.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-03T17:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "base prices, price lists, price history, exchange rates, tax classes and rates"

forwards = sql_migration(
    migration_id=ID,
    app="pricing",
    description=DESCRIPTION,
    up="""
CREATE TABLE pricing_product (
    id UUID PRIMARY KEY,
    tax_class VARCHAR(20) NOT NULL DEFAULT 'standard' CHECK (tax_class IN ('standard', 'reduced', 'zero')),
    version TIMESTAMPTZ NOT NULL,
    removed BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE pricing_base_price (
    sku VARCHAR(64) PRIMARY KEY,
    product_id UUID NOT NULL,
    variant_id UUID NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX pricing_base_price_product ON pricing_base_price (product_id);
CREATE TABLE pricing_price_list (
    id UUID PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    segment_id UUID,
    starts_at TIMESTAMPTZ,
    ends_at TIMESTAMPTZ,
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX pricing_price_list_listing ON pricing_price_list (created_at, id);
CREATE TABLE pricing_list_price (
    id BIGSERIAL PRIMARY KEY,
    price_list_id UUID NOT NULL REFERENCES pricing_price_list (id) ON DELETE CASCADE,
    sku VARCHAR(64) NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    since TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (price_list_id, sku)
);
CREATE INDEX pricing_list_price_sku ON pricing_list_price (sku);
CREATE TABLE pricing_price_history (
    id BIGSERIAL PRIMARY KEY,
    product_id UUID NOT NULL,
    sku VARCHAR(64) NOT NULL,
    amount BIGINT NOT NULL CHECK (amount >= 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    source VARCHAR(20) NOT NULL CHECK (source IN ('base', 'price_list')),
    price_list_id UUID,
    public BOOLEAN NOT NULL DEFAULT true,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pricing_price_history_product ON pricing_price_history (product_id, recorded_at DESC, id DESC);
CREATE INDEX pricing_price_history_sku ON pricing_price_history (sku, currency, recorded_at) WHERE public;
CREATE TABLE pricing_exchange_rate (
    currency VARCHAR(3) PRIMARY KEY CHECK (currency ~ '^[A-Z]{3}$'),
    rate NUMERIC(20, 10) NOT NULL CHECK (rate > 0),
    charm BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE pricing_tax_rate (
    id UUID PRIMARY KEY,
    country VARCHAR(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    region VARCHAR(10),
    tax_class VARCHAR(20) CHECK (tax_class IN ('standard', 'reduced', 'zero')),
    rate NUMERIC(7, 6) NOT NULL CHECK (rate >= 0 AND rate <= 1),
    inclusive BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX pricing_tax_rate_scope ON pricing_tax_rate (country, coalesce(region, ''), coalesce(tax_class, ''))
""",
    down="""
DROP TABLE pricing_tax_rate;
DROP TABLE pricing_exchange_rate;
DROP TABLE pricing_price_history;
DROP TABLE pricing_list_price;
DROP TABLE pricing_price_list;
DROP TABLE pricing_base_price;
DROP TABLE pricing_product""",
)
