"""Warehouses, stock levels, per-SKU signals, the movements ledger, carts' holds, orders' allocations.

Stock is guarded here: a level never goes below zero and never reserves more
than it has (CHECK constraints), whatever the code above does. The ledger is
append-only: a trigger refuses UPDATE, DELETE and TRUNCATE on it.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from adapters.db.migrations import MigrationFailed, sql_migration

ID = "2026-12-06T02:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "inventory: warehouses, levels, ledger, holds, allocations"

_tables = sql_migration(
    migration_id=ID,
    app="inventory",
    description=DESCRIPTION,
    up="""
CREATE TABLE inventory_warehouses (
    id UUID PRIMARY KEY,
    code VARCHAR(32) NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]*$'),
    name VARCHAR(200) NOT NULL,
    country CHAR(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    priority INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE inventory_levels (
    sku VARCHAR(64) NOT NULL,
    warehouse_id UUID NOT NULL REFERENCES inventory_warehouses (id),
    on_hand BIGINT NOT NULL DEFAULT 0,
    reserved BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (sku, warehouse_id),
    CONSTRAINT inventory_levels_on_hand_not_negative CHECK (on_hand >= 0),
    CONSTRAINT inventory_levels_reserved_within_on_hand CHECK (reserved >= 0 AND reserved <= on_hand)
);
CREATE TABLE inventory_skus (
    sku VARCHAR(64) PRIMARY KEY,
    low_stock_threshold INTEGER CHECK (low_stock_threshold >= 0),
    below_threshold BOOLEAN NOT NULL DEFAULT false,
    available BIGINT NOT NULL DEFAULT 0 CHECK (available >= 0),
    version BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE inventory_movements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku VARCHAR(64) NOT NULL,
    warehouse_id UUID REFERENCES inventory_warehouses (id),
    kind TEXT NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'allocation',
                                       'shipment', 'return', 'transfer')),
    quantity BIGINT NOT NULL CHECK (quantity <> 0),
    reason TEXT,
    actor TEXT,
    reference TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX inventory_movements_of_sku ON inventory_movements (sku, id DESC);
CREATE TABLE inventory_holds (
    cart_id UUID NOT NULL,
    sku VARCHAR(64) NOT NULL,
    warehouse_id UUID NOT NULL REFERENCES inventory_warehouses (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (cart_id, sku, warehouse_id)
);
CREATE INDEX inventory_holds_expiry ON inventory_holds (expires_at);
CREATE TABLE inventory_allocations (
    order_id UUID PRIMARY KEY,
    cart_id UUID NOT NULL,
    state TEXT NOT NULL DEFAULT 'allocated' CHECK (state IN ('allocated', 'released', 'shipped')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE inventory_allocation_lines (
    order_id UUID NOT NULL REFERENCES inventory_allocations (order_id) ON DELETE CASCADE,
    sku VARCHAR(64) NOT NULL,
    warehouse_id UUID NOT NULL REFERENCES inventory_warehouses (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku, warehouse_id)
)
""",
    down="""
DROP TABLE inventory_allocation_lines;
DROP TABLE inventory_allocations;
DROP TABLE inventory_holds;
DROP TABLE inventory_movements;
DROP FUNCTION IF EXISTS inventory_movements_append_only();
DROP TABLE inventory_skus;
DROP TABLE inventory_levels;
DROP TABLE inventory_warehouses
""",
)

# One statement each: a PL/pgSQL body holds semicolons, which sql_migration splits on.
APPEND_ONLY = (
    """
CREATE FUNCTION inventory_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'inventory_movements is append-only' USING ERRCODE = 'restrict_violation';
END
$$""",
    """
CREATE TRIGGER inventory_movements_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON inventory_movements
    FOR EACH STATEMENT EXECUTE FUNCTION inventory_movements_append_only()""",
)


async def _append_only() -> None:
    engine = engine_finder()
    if engine is None:
        raise MigrationFailed("no database engine configured")
    for statement in APPEND_ONLY:
        await engine.run_ddl(statement)


async def forwards() -> MigrationManager:
    manager = await _tables()
    manager.add_raw(_append_only)
    return manager
