"""Brands, the category tree, products and their variants.

Hand-written SQL (like the runtime's) for what Piccolo's auto migrations cannot
say: CHECK constraints and the partial indexes the shop listings sort on.
"""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T06:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "products, variants, categories, brands"

forwards = sql_migration(
    migration_id=ID,
    app="catalog",
    description=DESCRIPTION,
    up="""
CREATE TABLE catalog_brand (
    id UUID PRIMARY KEY,
    slug VARCHAR(120) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    logo_url VARCHAR(2000),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE catalog_category (
    id UUID PRIMARY KEY,
    parent_id UUID REFERENCES catalog_category (id) ON DELETE RESTRICT,
    slug VARCHAR(120) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL UNIQUE,
    depth INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX catalog_category_parent ON catalog_category (parent_id);
CREATE INDEX catalog_category_path_prefix ON catalog_category (path text_pattern_ops);
CREATE TABLE catalog_product (
    id UUID PRIMARY KEY,
    slug VARCHAR(120) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    folded_name VARCHAR(200) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status VARCHAR(12) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    brand_id UUID REFERENCES catalog_brand (id) ON DELETE RESTRICT,
    category_id UUID REFERENCES catalog_category (id) ON DELETE RESTRICT,
    images VARCHAR(2000)[] NOT NULL DEFAULT '{}',
    attributes JSONB NOT NULL DEFAULT '{}',
    price_min BIGINT NOT NULL DEFAULT 0 CHECK (price_min >= 0),
    price_max BIGINT NOT NULL DEFAULT 0 CHECK (price_max >= price_min),
    currency VARCHAR(3) CHECK (currency ~ '^[A-Z]{3}$'),
    in_stock BOOLEAN NOT NULL DEFAULT false,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    archived_at TIMESTAMPTZ
);
CREATE INDEX catalog_product_status_category ON catalog_product (status, category_id);
CREATE INDEX catalog_product_status_brand ON catalog_product (status, brand_id);
CREATE INDEX catalog_product_newest ON catalog_product (created_at, id) WHERE status = 'published';
CREATE INDEX catalog_product_price ON catalog_product (price_min, id) WHERE status = 'published';
CREATE INDEX catalog_product_name ON catalog_product (folded_name, id) WHERE status = 'published';
CREATE TABLE catalog_variant (
    id UUID PRIMARY KEY,
    product_id UUID NOT NULL REFERENCES catalog_product (id) ON DELETE CASCADE,
    sku VARCHAR(64) NOT NULL UNIQUE,
    options JSONB NOT NULL DEFAULT '{}',
    price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    weight_grams INTEGER CHECK (weight_grams >= 0),
    available BOOLEAN NOT NULL DEFAULT true,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX catalog_variant_product ON catalog_variant (product_id, position)
""",
    down="DROP TABLE catalog_variant; DROP TABLE catalog_product; DROP TABLE catalog_category; DROP TABLE catalog_brand",
)
