"""Profiles remember that identity verified the customer's email address."""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T11:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "customers: profiles' email_verified_at"

forwards = sql_migration(
    migration_id=ID,
    app="customers",
    description=DESCRIPTION,
    up="""
ALTER TABLE customers_profiles ADD COLUMN email_verified_at TIMESTAMPTZ;
UPDATE customers_profiles p SET email_verified_at = c.email_verified_at
FROM identity_customers c WHERE c.id = p.id AND c.email = p.email AND c.email_verified_at IS NOT NULL
""",
    down="ALTER TABLE customers_profiles DROP COLUMN email_verified_at",
)
