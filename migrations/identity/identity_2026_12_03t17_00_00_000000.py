"""Names move to the customers domain; accounts can be blocked and erased (anonymised).

The names are handed over in ``identity_names_handover``: the customers migration
makes the existing customers' profiles from it, then drops it.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-03T17:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "identity: drop names, blocked and erased accounts"

forwards = sql_migration(
    migration_id=ID,
    app="identity",
    description=DESCRIPTION,
    up="""
CREATE TABLE identity_names_handover (id UUID PRIMARY KEY, first_name TEXT, last_name TEXT);
INSERT INTO identity_names_handover SELECT id, first_name, last_name FROM identity_customers;
ALTER TABLE identity_customers
    DROP COLUMN first_name,
    DROP COLUMN last_name,
    ALTER COLUMN password_hash DROP NOT NULL,
    ADD COLUMN blocked_at TIMESTAMPTZ,
    ADD COLUMN erased_at TIMESTAMPTZ,
    ADD CONSTRAINT identity_customers_erased_have_no_password
        CHECK (erased_at IS NULL OR password_hash IS NULL)
""",
    down="""
DROP TABLE IF EXISTS identity_names_handover;
ALTER TABLE identity_customers
    DROP CONSTRAINT identity_customers_erased_have_no_password,
    DROP COLUMN erased_at,
    DROP COLUMN blocked_at,
    ADD COLUMN first_name TEXT,
    ADD COLUMN last_name TEXT
""",
)
