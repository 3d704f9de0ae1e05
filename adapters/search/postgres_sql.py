"""The SQL of the PostgreSQL search adapter.

Table names come from code (checked by ``Tables``); every value, including
each piece of a text query, travels as a bind parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOCUMENT_COLUMNS = (
    "id",
    "type",
    "slug",
    "title",
    "description",
    "brand",
    "brand_slug",
    "category",
    "category_slugs",
    "price",
    "currency",
    "in_stock",
    "attributes",
    "popularity",
    "published_at",
    "image_url",
)
SUGGESTION_CANDIDATES = 500
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,40}")


@dataclass(frozen=True)
class Tables:
    documents: str

    def __post_init__(self) -> None:
        if not IDENTIFIER.fullmatch(self.documents):
            raise ValueError(f"not a plain lower-case table name: {self.documents!r}")

    @property
    def vocabulary(self) -> str:
        return f"{self.documents}_vocabulary"

    @property
    def settings(self) -> str:
        return f"{self.documents}_settings"

    def next(self) -> Tables:
        """Where a rebuild writes before the swap."""
        return Tables(f"{self.documents}_next")


def upsert(documents: str) -> str:
    columns = ", ".join(DOCUMENT_COLUMNS)
    excluded = ", ".join(f"EXCLUDED.{c}" for c in DOCUMENT_COLUMNS[1:])
    return (
        f"INSERT INTO {documents} ({columns}) SELECT {columns} "
        f"FROM jsonb_populate_recordset(NULL::{documents}, $1::text::jsonb) ORDER BY id "
        f"ON CONFLICT (id) DO UPDATE SET ({', '.join(DOCUMENT_COLUMNS[1:])}) = ROW({excluded})"
    )


def learn_words(tables: Tables, *, everything: bool = False) -> str:
    """Add the lexemes of the given documents (or all) to the vocabulary, in word order (no deadlock)."""
    where = "" if everything else "WHERE d.id = ANY($1::text[])"
    return (
        f"INSERT INTO {tables.vocabulary} (word) SELECT DISTINCT w FROM {tables.documents} d "
        f"CROSS JOIN LATERAL unnest(tsvector_to_array(d.vector)) w {where} ORDER BY w ON CONFLICT DO NOTHING"
    )


def delete(documents: str) -> str:
    return f"DELETE FROM {documents} WHERE id = ANY($1::text[])"


def fold_query(tables: Tables) -> str:
    return (
        f"SELECT search_fold($1::text) AS folded, (SELECT compiled::text FROM {tables.settings}) AS compiled"
    )


FOLD_MANY = (
    "SELECT coalesce(array_agg(search_fold(x) ORDER BY i), '{}') "
    "FROM unnest($1::text[]) WITH ORDINALITY AS u(x, i)"
)


def save_settings(tables: Tables) -> str:
    return (
        f"INSERT INTO {tables.settings} (singleton, settings, compiled) VALUES (true, $1::text::jsonb, $2::text::jsonb) "
        "ON CONFLICT (singleton) DO UPDATE SET settings = EXCLUDED.settings, compiled = EXCLUDED.compiled, "
        "updated_at = now()"
    )


def nearby_words(tables: Tables) -> str:
    """Per word: nothing if the vocabulary knows it, else its trigram-nearest vocabulary words."""
    v = tables.vocabulary
    return f"""
SELECT t.ord, CASE
    WHEN EXISTS (SELECT 1 FROM {v} v WHERE v.word = t.token)
      OR (t.prefix AND EXISTS (SELECT 1 FROM {v} v WHERE v.word LIKE t.token || '%'))
    THEN '{{}}'::text[]
    ELSE ARRAY(
        SELECT v.word FROM {v} v
        WHERE length(v.word) >= length(t.token) - t.budget
          AND (t.prefix OR length(v.word) <= length(t.token) + t.budget)
        ORDER BY v.word <-> t.token LIMIT 20)
    END AS nearby
FROM unnest($1::text[], $2::bool[], $3::int[]) WITH ORDINALITY AS t(token, prefix, budget, ord)
"""


def suggest(tables: Tables) -> str:
    """$1 any label, $2 title, $3 brand, $4 category tsquery texts; $5 folded prefix; $6 limit.

    Suggestions come from the most popular matching products only, so a one-letter prefix
    over ten thousand products costs what a precise one does.
    """
    return f"""
WITH q AS (SELECT to_tsquery('simple', $1) AS any_label, to_tsquery('simple', $2) AS title,
                  to_tsquery('simple', $3) AS brand, to_tsquery('simple', $4) AS category),
hits AS MATERIALIZED (
    SELECT d.title, d.title_folded, d.brand, d.category, d.popularity, d.labels
    FROM {tables.documents} d, q WHERE d.type = 'product' AND d.labels @@ q.any_label
    ORDER BY d.popularity DESC LIMIT {SUGGESTION_CANDIDATES}
)
SELECT
    ARRAY(SELECT p.title FROM (
        SELECT DISTINCT ON (t.title_folded) t.title, t.title_folded, t.popularity, t.starts FROM (
            SELECT h.title, h.title_folded, h.popularity, starts_with(h.title_folded, $5) AS starts
            FROM hits h, q WHERE h.labels @@ q.title
            ORDER BY starts DESC, h.popularity DESC LIMIT $6 * 4
        ) t ORDER BY t.title_folded, t.popularity DESC
    ) p ORDER BY p.starts DESC, p.popularity DESC, p.title LIMIT $6) AS products,
    ARRAY(SELECT h.brand FROM hits h, q WHERE h.brand IS NOT NULL AND h.labels @@ q.brand
          GROUP BY h.brand ORDER BY count(*) DESC, h.brand LIMIT $6) AS brands,
    ARRAY(SELECT h.category FROM hits h, q WHERE h.category IS NOT NULL AND h.labels @@ q.category
          GROUP BY h.category ORDER BY count(*) DESC, h.category LIMIT $6) AS categories
"""


def index_definitions() -> str:
    return (
        "SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass($1)"
    )


def merge_pending() -> str:
    return (
        "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = to_regclass($1) AND a.amname = 'gin'"
    )


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def index_shape(definition: str) -> str:
    """An index definition without its name and table: equal for an index and its copy."""
    head, _, body = definition.partition(" USING ")
    return ("UNIQUE " if " UNIQUE " in f" {head} " else "") + body
