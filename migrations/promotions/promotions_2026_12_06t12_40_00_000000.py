"""Per-customer limits counted by email too, so a guest cannot reuse a once-per-customer promotion.

A redemption keeps the normalised emails of its shopper (the order's and the signed-in
customer's) so a cancelled order gives those uses back. Uses taken before this migration
were counted by customer id only.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T12:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "promotions: per-customer uses counted by email"

forwards = sql_migration(
    migration_id=ID,
    app="promotions",
    description=DESCRIPTION,
    up="""
ALTER TABLE promotions_redemption ADD COLUMN emails TEXT[] NOT NULL DEFAULT '{}';
CREATE TABLE promotions_email_use (
    id BIGSERIAL PRIMARY KEY,
    promotion_id UUID NOT NULL REFERENCES promotions_promotion (id) ON DELETE CASCADE,
    email VARCHAR(320) NOT NULL CHECK (email <> ''),
    used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
    UNIQUE (promotion_id, email)
)
""",
    down="""
DROP TABLE promotions_email_use;
ALTER TABLE promotions_redemption DROP COLUMN emails
""",
)
