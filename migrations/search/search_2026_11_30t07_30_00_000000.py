"""The search domain's analytics, settings and indexed versions."""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T07:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search analytics, settings and versions"

forwards = sql_migration(
    migration_id=ID,
    app="search",
    description=DESCRIPTION,
    up="""
CREATE TABLE search_query_log (
    id UUID PRIMARY KEY,
    query TEXT NOT NULL,
    normalised VARCHAR(200) NOT NULL,
    document_type VARCHAR(20) NOT NULL,
    filters JSONB NOT NULL DEFAULT '{}',
    hits INTEGER NOT NULL,
    customer_id VARCHAR(64),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_query_log_created ON search_query_log (created_at);
CREATE INDEX search_query_log_normalised ON search_query_log (normalised text_pattern_ops);
CREATE TABLE search_click (
    id UUID PRIMARY KEY,
    query_id UUID NOT NULL REFERENCES search_query_log (id) ON DELETE CASCADE,
    document_id VARCHAR(64) NOT NULL,
    position INTEGER,
    customer_id VARCHAR(64),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_click_query ON search_click (query_id);
CREATE TABLE search_view (
    id UUID PRIMARY KEY,
    customer_id VARCHAR(64) NOT NULL,
    document_id VARCHAR(64) NOT NULL,
    viewed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_view_customer ON search_view (customer_id, viewed_at DESC);
CREATE TABLE search_indexed (
    document_id VARCHAR(64) PRIMARY KEY,
    version TIMESTAMPTZ NOT NULL,
    category_slug VARCHAR(200),
    brand_slug VARCHAR(200),
    removed BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE search_settings (
    id VARCHAR(20) PRIMARY KEY,
    settings JSONB NOT NULL DEFAULT '{}'
)
""",
    down="""
DROP TABLE search_settings; DROP TABLE search_indexed; DROP TABLE search_view;
DROP TABLE search_click; DROP TABLE search_query_log
""",
)
