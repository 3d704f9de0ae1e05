"""Signing in with another provider (OAuth2 / OpenID Connect): flows in progress and linked identities.

A flow is claimed (deleted) once by its callback; expired ones are swept when new ones open.
A provider's account (provider, subject) links to one customer; a customer may have several.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T11:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "identity: OAuth sign-in flows and linked identities"

forwards = sql_migration(
    migration_id=ID,
    app="identity",
    description=DESCRIPTION,
    up="""
CREATE TABLE identity_oauth_flows (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX identity_oauth_flows_expiry ON identity_oauth_flows (expires_at);
CREATE TABLE identity_oauth_links (
    id UUID PRIMARY KEY,
    provider TEXT NOT NULL,
    subject TEXT NOT NULL,
    customer_id UUID NOT NULL REFERENCES identity_customers (id) ON DELETE CASCADE,
    email TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (provider, subject)
);
CREATE INDEX identity_oauth_links_customer ON identity_oauth_links (customer_id);
""",
    down="""
DROP TABLE IF EXISTS identity_oauth_links;
DROP TABLE IF EXISTS identity_oauth_flows;
""",
)
