"""Shipping zones, their methods and each method's weight bands.

The CHECKs keep country codes upper-case ISO 3166 alpha-2 (or "*" alone), prices and
``free_over`` non-negative and a method's bands unique by weight; a zone with methods
cannot be deleted (the key is RESTRICT), a method's bands go with it.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T03:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "shipping: zones, methods, weight bands"

forwards = sql_migration(
    migration_id=ID,
    app="shipping",
    description=DESCRIPTION,
    up="""
CREATE TABLE shipping_zone (
    id UUID PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE CHECK (name <> ''),
    countries VARCHAR(2)[] NOT NULL CHECK (
        cardinality(countries) BETWEEN 1 AND 300
        AND array_to_string(countries, ',') ~ '^([A-Z]{2}|\\*)(,[A-Z]{2})*$'
        AND (countries = '{*}' OR NOT ('*' = ANY (countries)))
    ),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE shipping_method (
    id UUID PRIMARY KEY,
    zone_id UUID NOT NULL REFERENCES shipping_zone (id) ON DELETE RESTRICT,
    name VARCHAR(100) NOT NULL CHECK (name <> ''),
    carrier VARCHAR(64) NOT NULL CHECK (carrier <> ''),
    free_over BIGINT CHECK (free_over >= 0),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (zone_id, name)
);
CREATE TABLE shipping_rate (
    method_id UUID NOT NULL REFERENCES shipping_method (id) ON DELETE CASCADE,
    max_weight_grams INTEGER NOT NULL CHECK (max_weight_grams > 0),
    price BIGINT NOT NULL CHECK (price >= 0),
    PRIMARY KEY (method_id, max_weight_grams)
)
""",
    down="""
DROP TABLE shipping_rate;
DROP TABLE shipping_method;
DROP TABLE shipping_zone""",
)
