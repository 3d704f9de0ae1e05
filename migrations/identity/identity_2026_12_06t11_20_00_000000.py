"""API keys for integrators, single-use account tokens (password reset, email verification),
and the customer's verified email."""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T11:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "identity: API keys, account tokens, email_verified_at"

forwards = sql_migration(
    migration_id=ID,
    app="identity",
    description=DESCRIPTION,
    up="""
ALTER TABLE identity_customers ADD COLUMN email_verified_at TIMESTAMPTZ;
CREATE TABLE identity_api_keys (
    id UUID PRIMARY KEY,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    permissions TEXT[] NOT NULL,
    require_signature BOOLEAN NOT NULL DEFAULT false,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX identity_api_keys_created ON identity_api_keys (created_at, id);
CREATE TABLE identity_account_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    subject_id UUID NOT NULL,
    kind TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ
);
CREATE INDEX identity_account_tokens_subject ON identity_account_tokens (subject_id, purpose)
    WHERE used_at IS NULL;
""",
    down="""
DROP TABLE IF EXISTS identity_account_tokens;
DROP TABLE IF EXISTS identity_api_keys;
ALTER TABLE identity_customers DROP COLUMN IF EXISTS email_verified_at;
""",
)
