"""Idempotency keys: the first reply of an unsafe POST, kept to replay it to a retry."""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "idempotency keys"

forwards = sql_migration(
    migration_id=ID,
    app="runtime",
    description=DESCRIPTION,
    up="""
CREATE TABLE runtime_idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('running', 'done')),
    owner TEXT,
    status INTEGER,
    body BYTEA,
    headers JSONB,
    locked_until TIMESTAMPTZ,
    expires_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX runtime_idempotency_expiry ON runtime_idempotency (expires_at)
""",
    down="DROP TABLE runtime_idempotency",
)
