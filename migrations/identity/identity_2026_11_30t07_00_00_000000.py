"""Customers, staff users, roles, sessions, refresh tokens and TOTP secrets."""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T07:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "identity: accounts, roles, sessions"

forwards = sql_migration(
    migration_id=ID,
    app="identity",
    description=DESCRIPTION,
    up="""
CREATE TABLE identity_customers (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    password_hash TEXT NOT NULL,
    first_name TEXT,
    last_name TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE identity_staff_users (
    id UUID PRIMARY KEY,
    email TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    password_hash TEXT NOT NULL,
    roles TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_staff_users_page ON identity_staff_users (created_at, id);
CREATE TABLE identity_roles (
    name TEXT PRIMARY KEY,
    permissions TEXT[] NOT NULL,
    description TEXT,
    builtin BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO identity_roles (name, permissions, description, builtin)
    VALUES ('admin', ARRAY['*'], 'Every permission', true);
CREATE TABLE identity_sessions (
    id UUID PRIMARY KEY,
    subject_id UUID NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'staff')),
    user_agent TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ,
    revoke_reason TEXT
);
CREATE INDEX identity_sessions_subject ON identity_sessions (subject_id, kind, created_at DESC, id DESC);
CREATE TABLE identity_refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES identity_sessions (id) ON DELETE CASCADE,
    family_id UUID NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX identity_refresh_tokens_session ON identity_refresh_tokens (session_id);
CREATE INDEX identity_refresh_tokens_family ON identity_refresh_tokens (family_id);
CREATE TABLE identity_totp (
    subject_id UUID PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('customer', 'staff')),
    secret TEXT NOT NULL,
    confirmed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
)
""",
    down="""
DROP TABLE identity_totp;
DROP TABLE identity_refresh_tokens;
DROP TABLE identity_sessions;
DROP TABLE identity_roles;
DROP TABLE identity_staff_users;
DROP TABLE identity_customers
""",
)
