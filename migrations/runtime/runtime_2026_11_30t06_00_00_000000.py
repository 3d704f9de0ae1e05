"""Outbox and inbox of the message runtime."""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T06:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "outbox and inbox"

forwards = sql_migration(
    migration_id=ID,
    app="runtime",
    description=DESCRIPTION,
    up="""
CREATE TABLE runtime_outbox (
    seq BIGSERIAL PRIMARY KEY,
    id UUID NOT NULL UNIQUE,
    type TEXT NOT NULL,
    key TEXT NOT NULL,
    envelope BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at TIMESTAMPTZ,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error TEXT,
    dead BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX runtime_outbox_pending ON runtime_outbox (seq)
    WHERE published_at IS NULL AND NOT dead;
CREATE TABLE runtime_inbox (
    consumer TEXT NOT NULL,
    message_id TEXT NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
)
""",
    down="DROP TABLE runtime_inbox; DROP TABLE runtime_outbox",
)
