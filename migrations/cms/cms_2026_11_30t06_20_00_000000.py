"""Pages and posts (one table, unique slug per kind) and banners.

Hand-written SQL: the constraints guard what the model checks, and the partial
indexes serve the public reads (live posts by publish_at, live banners by
placement and priority).
"""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T06:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "pages, posts and banners"

forwards = sql_migration(
    migration_id=ID,
    app="cms",
    description=DESCRIPTION,
    up="""
CREATE TABLE cms_content (
    id UUID PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('page', 'post')),
    slug TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    body_format TEXT NOT NULL CHECK (body_format IN ('markdown', 'html')),
    body_html TEXT NOT NULL,
    body_text TEXT NOT NULL,
    seo_title TEXT,
    seo_description TEXT,
    author TEXT,
    tags TEXT[] NOT NULL DEFAULT '{}',
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
    publish_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT cms_content_kind_slug UNIQUE (kind, slug),
    CONSTRAINT cms_content_listed_has_date
        CHECK (status NOT IN ('published', 'scheduled') OR publish_at IS NOT NULL)
);
CREATE INDEX cms_content_by_created ON cms_content (kind, created_at DESC, id DESC);
CREATE INDEX cms_content_listed ON cms_content (kind, publish_at DESC, id DESC)
    WHERE status IN ('published', 'scheduled');
CREATE INDEX cms_content_tags ON cms_content USING GIN (tags);
CREATE TABLE cms_banner (
    id UUID PRIMARY KEY,
    title TEXT NOT NULL,
    image_url TEXT NOT NULL,
    link_url TEXT,
    placement TEXT NOT NULL,
    starts_at TIMESTAMPTZ,
    ends_at TIMESTAMPTZ,
    priority INTEGER NOT NULL DEFAULT 0,
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT cms_banner_window CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX cms_banner_by_created ON cms_banner (created_at DESC, id DESC);
CREATE INDEX cms_banner_live ON cms_banner (placement, priority DESC, id) WHERE active
""",
    down="DROP TABLE cms_banner; DROP TABLE cms_content",
)
