"""Fraud screening, the staff review queue, the blocklist and saved payment methods.

A payment keeps its fraud score, reasons and decision; "held" joins the statuses (authorised,
awaiting staff). Attempts are kept beside their payment so velocity is counted from them.
A staff decision is one row per payment, so an approval and a rejection cannot both win.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T09:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "payments: fraud scores, attempts, review decisions, blocklist, saved payment methods"

STATUSES = (
    "'pending', 'authorised', 'captured', 'requires_action', 'declined', 'failed', 'voided', "
    "'refunded', 'partially_refunded'"
)

forwards = sql_migration(
    migration_id=ID,
    app="payments",
    description=DESCRIPTION,
    up=f"""
ALTER TABLE payments_payment DROP CONSTRAINT payments_payment_status_check;
ALTER TABLE payments_payment ADD CONSTRAINT payments_payment_status_check
    CHECK (status IN ({STATUSES}, 'held'));
ALTER TABLE payments_payment
    ADD COLUMN fraud_score SMALLINT CHECK (fraud_score BETWEEN 0 AND 100),
    ADD COLUMN fraud_reasons TEXT[] NOT NULL DEFAULT '{{}}',
    ADD COLUMN fraud_decision VARCHAR(10) CHECK (fraud_decision IN ('allow', 'review', 'block'));
CREATE INDEX payments_payment_held ON payments_payment (created_at, id) WHERE status = 'held';
CREATE TABLE payments_attempt (
    payment_id UUID PRIMARY KEY REFERENCES payments_payment (id) ON DELETE CASCADE,
    email VARCHAR(254),
    ip VARCHAR(45) CHECK (ip IS NULL OR ip::inet IS NOT NULL),
    card_fingerprint CHAR(32),
    saved_method_id UUID,
    billing_country CHAR(2),
    shipping_country CHAR(2),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payments_attempt_email ON payments_attempt (email, created_at) WHERE email IS NOT NULL;
CREATE INDEX payments_attempt_ip ON payments_attempt (ip, created_at) WHERE ip IS NOT NULL;
CREATE INDEX payments_attempt_card ON payments_attempt (card_fingerprint, created_at)
    WHERE card_fingerprint IS NOT NULL;
CREATE TABLE payments_review (
    payment_id UUID PRIMARY KEY REFERENCES payments_payment (id) ON DELETE CASCADE,
    decision VARCHAR(10) NOT NULL CHECK (decision IN ('approved', 'rejected')),
    actor VARCHAR(100) NOT NULL,
    reason VARCHAR(500),
    decided_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE payments_blocklist (
    id UUID PRIMARY KEY,
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('email', 'ip', 'country', 'card')),
    value VARCHAR(254) NOT NULL CHECK (kind <> 'ip' OR value::cidr IS NOT NULL),
    note VARCHAR(500),
    created_by VARCHAR(100),
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (kind, value)
);
CREATE INDEX payments_blocklist_newest ON payments_blocklist (created_at DESC, id DESC);
CREATE TABLE payments_saved_method (
    id UUID PRIMARY KEY,
    customer_id UUID NOT NULL,
    provider VARCHAR(50) NOT NULL,
    token VARCHAR(500) NOT NULL,
    card_fingerprint CHAR(32) NOT NULL,
    label VARCHAR(50),
    brand VARCHAR(30),
    last4 CHAR(4) CHECK (last4 ~ '^[0-9]{{4}}$'),
    expires CHAR(7) CHECK (expires ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])$'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (customer_id, card_fingerprint)
);
CREATE INDEX payments_saved_method_customer ON payments_saved_method (customer_id, created_at DESC)
""",
    down=f"""
DROP TABLE payments_saved_method;
DROP TABLE payments_blocklist;
DROP TABLE payments_review;
DROP TABLE payments_attempt;
DROP INDEX payments_payment_held;
ALTER TABLE payments_payment DROP COLUMN fraud_score, DROP COLUMN fraud_reasons, DROP COLUMN fraud_decision;
UPDATE payments_payment SET status = 'authorised' WHERE status = 'held';
ALTER TABLE payments_payment DROP CONSTRAINT payments_payment_status_check;
ALTER TABLE payments_payment ADD CONSTRAINT payments_payment_status_check CHECK (status IN ({STATUSES}))
""",
)
