"""Methods priced on a basis (weight, subtotal, flat) and by a carrier's service; shipments of
paid orders, their labels and tracking events; carriers' webhook events received; deliveries
not yet told to the orders domain.

A method's bands are kept by position (existing ones in weight order), each bounded by a
weight or a subtotal. A shipment is one per (order, warehouse); its tracking events are kept
once per key, a carrier's webhook events once per id.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "shipping: rate bases, shipments, labels, tracking"

forwards = sql_migration(
    migration_id=ID,
    app="shipping",
    description=DESCRIPTION,
    up="""
ALTER TABLE shipping_method
    ADD COLUMN basis VARCHAR(10) NOT NULL DEFAULT 'weight' CHECK (basis IN ('weight', 'subtotal', 'flat')),
    ADD COLUMN service VARCHAR(100) CHECK (service <> '');
ALTER TABLE shipping_rate ADD COLUMN position INTEGER;
UPDATE shipping_rate r SET position = o.n
FROM (SELECT method_id, max_weight_grams,
             row_number() OVER (PARTITION BY method_id ORDER BY max_weight_grams) - 1 AS n
      FROM shipping_rate) o
WHERE o.method_id = r.method_id AND o.max_weight_grams = r.max_weight_grams;
ALTER TABLE shipping_rate ALTER COLUMN position SET NOT NULL;
ALTER TABLE shipping_rate DROP CONSTRAINT shipping_rate_pkey;
ALTER TABLE shipping_rate ADD PRIMARY KEY (method_id, position);
ALTER TABLE shipping_rate ALTER COLUMN max_weight_grams DROP NOT NULL;
ALTER TABLE shipping_rate ADD COLUMN max_subtotal BIGINT CHECK (max_subtotal >= 0);
CREATE TABLE shipping_shipment (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL,
    order_number VARCHAR(50),
    warehouse VARCHAR(50) NOT NULL,
    method_id UUID,
    method_name VARCHAR(100) NOT NULL,
    carrier VARCHAR(64) NOT NULL CHECK (carrier <> ''),
    service VARCHAR(100),
    currency VARCHAR(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    destination JSONB,
    lines JSONB NOT NULL,
    weight_grams INTEGER NOT NULL CHECK (weight_grams >= 0),
    status VARCHAR(20) NOT NULL CHECK (status IN
        ('pending', 'labelled', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'failed')),
    tracking_number VARCHAR(100),
    reference VARCHAR(200),
    tracker VARCHAR(200),
    label_url TEXT,
    label_media_type VARCHAR(100),
    label_document BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    labelled_at TIMESTAMPTZ,
    shipped_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    polled_at TIMESTAMPTZ,
    UNIQUE (order_id, warehouse)
);
CREATE INDEX shipping_shipment_newest ON shipping_shipment (created_at DESC, id DESC);
CREATE INDEX shipping_shipment_tracking ON shipping_shipment (carrier, tracking_number);
CREATE INDEX shipping_shipment_tracker ON shipping_shipment (carrier, tracker);
CREATE INDEX shipping_shipment_in_flight ON shipping_shipment (carrier, polled_at NULLS FIRST)
    WHERE status IN ('labelled', 'shipped', 'in_transit', 'out_for_delivery') AND tracking_number IS NOT NULL;
CREATE TABLE shipping_tracking_event (
    shipment_id UUID NOT NULL REFERENCES shipping_shipment (id) ON DELETE CASCADE,
    key VARCHAR(200) NOT NULL,
    status VARCHAR(20) NOT NULL CHECK (status IN
        ('pre_transit', 'in_transit', 'out_for_delivery', 'delivered', 'failure')),
    description VARCHAR(500),
    at TIMESTAMPTZ NOT NULL,
    source VARCHAR(100) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shipment_id, key)
);
CREATE TABLE shipping_webhook_event (
    carrier VARCHAR(64) NOT NULL,
    event_id VARCHAR(200) NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (carrier, event_id)
);
CREATE TABLE shipping_delivery_report (
    order_id UUID PRIMARY KEY,
    state VARCHAR(10) NOT NULL CHECK (state IN ('pending', 'reported', 'dropped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX shipping_delivery_report_pending ON shipping_delivery_report (updated_at) WHERE state = 'pending'
""",
    down="""
DROP TABLE shipping_delivery_report;
DROP TABLE shipping_webhook_event;
DROP TABLE shipping_tracking_event;
DROP TABLE shipping_shipment;
DELETE FROM shipping_rate WHERE max_weight_grams IS NULL;
ALTER TABLE shipping_rate DROP COLUMN max_subtotal;
ALTER TABLE shipping_rate ALTER COLUMN max_weight_grams SET NOT NULL;
ALTER TABLE shipping_rate DROP CONSTRAINT shipping_rate_pkey;
ALTER TABLE shipping_rate ADD PRIMARY KEY (method_id, max_weight_grams);
ALTER TABLE shipping_rate DROP COLUMN position;
ALTER TABLE shipping_method DROP COLUMN service, DROP COLUMN basis""",
)
