"""Documents, vocabulary and settings of the PostgreSQL search adapter.

GIN indexes keep a small pending list (256 kB): every search scans it, so
unmerged writes must stay few. Function bodies use the SQL-standard ``RETURN`` form: they hold no ';' (the
migration runner splits on it) and bind unaccent, the dictionary and the text
search configurations when created, whatever the search_path later is.
"""

from adapters.db.migrations import sql_migration

ID = "2026-11-30T06:47:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "search documents, vocabulary and settings"

forwards = sql_migration(
    migration_id=ID,
    app="search",
    description=DESCRIPTION,
    up="""
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE FUNCTION search_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(unaccent('unaccent'::regdictionary, value));

CREATE TEXT SEARCH DICTIONARY search_stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION search_text (COPY = english);
ALTER TEXT SEARCH CONFIGURATION search_text
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH search_stem;

CREATE FUNCTION search_vector(title text, brand text, category text, description text, attributes jsonb)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('search_text', search_fold(title)), 'A')
        || setweight(to_tsvector('simple', search_fold(title)), 'A')
        || setweight(to_tsvector('search_text', search_fold(concat_ws(' ', brand, category))), 'B')
        || setweight(to_tsvector('simple', search_fold(concat_ws(' ', brand, category))), 'B')
        || setweight(to_tsvector('search_text', search_fold(coalesce(description, ''))), 'C')
        || setweight(to_tsvector('simple', search_fold(coalesce(description, ''))), 'C')
        || setweight(to_tsvector('simple', search_fold(jsonb_path_query_array(attributes, '$.*')::text)), 'D');

CREATE FUNCTION search_labels(title text, brand text, category text)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN setweight(to_tsvector('simple', search_fold(title)), 'A')
        || setweight(to_tsvector('simple', search_fold(coalesce(brand, ''))), 'B')
        || setweight(to_tsvector('simple', search_fold(coalesce(category, ''))), 'C');

CREATE TABLE search_documents (
    id text PRIMARY KEY,
    type text NOT NULL CHECK (type IN ('product', 'content')),
    slug text NOT NULL,
    title text NOT NULL,
    description text NOT NULL DEFAULT '',
    brand text,
    brand_slug text,
    category text,
    category_slugs text[] NOT NULL DEFAULT '{}',
    price bigint,
    currency text,
    in_stock boolean NOT NULL DEFAULT true,
    attributes jsonb NOT NULL DEFAULT '{}',
    popularity bigint NOT NULL DEFAULT 0,
    published_at timestamptz,
    image_url text,
    title_folded text GENERATED ALWAYS AS (search_fold(title)) STORED,
    labels tsvector GENERATED ALWAYS AS (search_labels(title, brand, category)) STORED,
    vector tsvector GENERATED ALWAYS AS (search_vector(title, brand, category, description, attributes)) STORED
);
CREATE INDEX search_documents_vector ON search_documents USING gin (vector) WITH (gin_pending_list_limit = 256);
CREATE INDEX search_documents_labels ON search_documents USING gin (labels) WITH (gin_pending_list_limit = 256);
CREATE INDEX search_documents_categories ON search_documents USING gin (category_slugs)
    WITH (gin_pending_list_limit = 256);
CREATE INDEX search_documents_attributes ON search_documents USING gin (attributes jsonb_path_ops)
    WITH (gin_pending_list_limit = 256);
CREATE INDEX search_documents_brand ON search_documents (type, brand_slug);
CREATE INDEX search_documents_popular ON search_documents (type, popularity DESC, id COLLATE "C");

CREATE TABLE search_documents_vocabulary (word text PRIMARY KEY);
CREATE INDEX search_documents_vocabulary_trgm ON search_documents_vocabulary USING gist (word gist_trgm_ops);

CREATE TABLE search_documents_settings (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    settings jsonb NOT NULL,
    compiled jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
)
""",
    down="""
DROP TABLE search_documents_settings;
DROP TABLE search_documents_vocabulary;
DROP TABLE search_documents;
DROP FUNCTION search_labels(text, text, text);
DROP FUNCTION search_vector(text, text, text, text, jsonb);
DROP TEXT SEARCH CONFIGURATION search_text;
DROP TEXT SEARCH DICTIONARY search_stem;
DROP FUNCTION search_fold(text)
""",
)
