"""The one statement that answers a search: the matches, one page of them, the total and the facets.

Everything the shopper typed is a bind parameter; the SQL text is assembled
only from the fragments below, chosen by which filters, facets and sort the
request holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from adapters.search.postgres_sql import DOCUMENT_COLUMNS
from domains.search.model import PRICE_BUCKETS, Filters, SearchRequest, price_bucket_label

# Each ends with the id (bytewise) so pages never overlap; {m} is the alias of the matched rows.
ORDERS = {
    "relevance": '{m}.pin NULLS LAST, {m}.score DESC, {m}.popularity DESC, {m}.id COLLATE "C"',
    "price_asc": '{m}.price ASC NULLS LAST, {m}.id COLLATE "C"',
    "price_desc": '{m}.price DESC NULLS LAST, {m}.id COLLATE "C"',
    "newest": '{m}.published_at DESC NULLS LAST, {m}.id COLLATE "C"',
    "popularity": '{m}.popularity DESC, {m}.id COLLATE "C"',
}
BOOST = 0.5
REFINED = 200  # leading matches whose title similarity counts too: it costs some microseconds a row
PRICE_LOWER = [lower for lower, _ in PRICE_BUCKETS]
PRICE_LABELS = [price_bucket_label(lower, upper) for lower, upper in PRICE_BUCKETS]
if [upper for _, upper in PRICE_BUCKETS] != [*PRICE_LOWER[1:], None]:  # width_bucket() needs them to tile
    raise ValueError("PRICE_BUCKETS must be contiguous: each upper bound is the next lower bound")
DOCUMENT_JSON = "jsonb_build_object(" + ", ".join(f"'{c}', d.{c}" for c in DOCUMENT_COLUMNS) + ")"
MATCHED_COLUMNS = (
    "d.id, d.type, d.brand, d.brand_slug, d.category, d.category_slugs, d.price, d.in_stock, "
    "d.popularity, d.published_at, d.title_folded"
)


def _facet(select: str, order: str = "f.count DESC, f.value") -> str:
    return (
        "(SELECT coalesce(jsonb_agg(jsonb_build_object('value', f.value, 'label', f.label, 'count', f.count) "
        f"ORDER BY {order}), '[]') FROM ({select}) f)"
    )


FACETS = {
    "brand": _facet(
        "SELECT brand_slug AS value, max(brand) AS label, count(*) AS count FROM matched "
        "WHERE brand_slug IS NOT NULL GROUP BY brand_slug"
    ),
    # A product counts under every slug it lists, so a count equals the hits of filtering by that slug.
    # Grouping by the slug list first leaves only a few rows to unnest.
    "category": _facet(
        "SELECT s AS value, max(CASE WHEN g.slugs[cardinality(g.slugs)] = s THEN g.category END) AS label, "
        "sum(g.count)::bigint AS count FROM (SELECT category_slugs AS slugs, category, count(*) AS count "
        "FROM matched GROUP BY category_slugs, category) g CROSS JOIN LATERAL unnest(g.slugs) s GROUP BY s"
    ),
    "in_stock": _facet(
        "SELECT CASE WHEN in_stock THEN 'true' ELSE 'false' END AS value, NULL AS label, count(*) AS count "
        "FROM matched GROUP BY in_stock"
    ),
    "type": _facet("SELECT type AS value, NULL AS label, count(*) AS count FROM matched GROUP BY type"),
}


@dataclass(frozen=True)
class TextQuery:
    """The analysed query: `to_tsquery` texts of whole words and of the word being completed.

    At least one of the two is not empty.
    """

    exact: str
    prefix: str
    folded: str


@dataclass
class Statement:
    args: list[object] = field(default_factory=list)

    def bind(self, value: object, cast: str) -> str:
        self.args.append(value)
        return f"${len(self.args)}::{cast}"


def _tsquery(s: Statement, text: TextQuery) -> str:
    parts = []
    if text.exact:
        parts.append(f"to_tsquery('search_text', {s.bind(text.exact, 'text')})")
    if text.prefix:
        prefix = s.bind(text.prefix, "text")
        parts.append(f"(to_tsquery('search_text', {prefix}) || to_tsquery('simple', {prefix}))")
    return " && ".join(parts)


def _filters(s: Statement, f: Filters) -> list[str]:
    where = []
    if f.category is not None:
        where.append(f"d.category_slugs @> ARRAY[{s.bind(f.category, 'text')}]")
    if f.brand is not None:
        where.append(f"d.brand_slug = {s.bind(f.brand, 'text')}")
    if f.min_price is not None:
        where.append(f"d.price >= {s.bind(f.min_price, 'bigint')}")
    if f.max_price is not None:
        where.append(f"d.price <= {s.bind(f.max_price, 'bigint')}")
    if f.in_stock is not None:
        where.append(f"d.in_stock = {s.bind(f.in_stock, 'boolean')}")
    if f.published_before is not None:
        where.append(f"d.published_at <= {s.bind(f.published_before, 'timestamptz')}")
    if f.attributes:
        where.append(f"d.attributes @> {s.bind(msgspec.json.encode(f.attributes).decode(), 'text')}::jsonb")
    return where


def _score(s: Statement, request: SearchRequest, text: TextQuery | None) -> str:
    parts = []
    if text is not None:
        folded = s.bind(text.folded, "text")
        parts += [
            "ts_rank(d.vector, q.tsq)::float8",
            f"CASE WHEN d.title_folded = {folded} THEN 1.0 ELSE 0.0 END",
        ]
    if request.boost.categories:
        boosted = s.bind(request.boost.categories, "text[]")
        parts.append(f"CASE WHEN d.category_slugs && {boosted} THEN {BOOST} ELSE 0.0 END")
    if request.boost.brands:
        parts.append(
            f"CASE WHEN d.brand_slug = ANY({s.bind(request.boost.brands, 'text[]')}) THEN {BOOST} ELSE 0.0 END"
        )
    return "(" + " + ".join(parts) + ")::float8" if parts else "0.0::float8"


def _refined(s: Statement, text: TextQuery) -> str:
    """Add title similarity to the scores of the best text matches; the others keep their text score.

    A fixed number of leaders, chosen by text score and id, keeps the order the same on every page.
    """
    folded = s.bind(text.folded, "text")
    return f"""
, refined AS (
    SELECT t.id, t.score + similarity(t.title_folded, {folded})::float8 AS score FROM (
        SELECT m.id, m.score, m.title_folded FROM matched m ORDER BY m.score DESC, m.id COLLATE "C" LIMIT {REFINED}
    ) t
), ranked AS (
    SELECT m.id, m.pin, m.popularity, m.price, m.published_at, coalesce(r.score, m.score) AS score
    FROM matched m LEFT JOIN refined r ON r.id = m.id
)"""


def _facets(s: Statement, names: list[str]) -> str:
    pairs = []
    for name in dict.fromkeys(names):
        if name == "price":
            select = (
                f"SELECT ({s.bind(PRICE_LABELS, 'text[]')})[b] AS value, NULL AS label, count(*) AS count, "
                f"b AS position FROM (SELECT width_bucket(price, {s.bind(PRICE_LOWER, 'bigint[]')}) AS b "
                "FROM matched WHERE price IS NOT NULL) x WHERE b > 0 GROUP BY b"
            )
            pairs.append(f"'price', {_facet(select, 'f.position')}")
        else:
            pairs.append(f"'{name}', {FACETS[name]}")
    return f"jsonb_build_object({', '.join(pairs)})" if pairs else "'{}'::jsonb"


def _matched(
    s: Statement, documents: str, request: SearchRequest, text: TextQuery | None, pins: list[str]
) -> str:
    """The WITH clauses up to the matched documents, scored when the sort is by relevance."""
    where = [f"d.type = {s.bind(request.type, 'text')}", *_filters(s, request.filters)]
    pin, match = "NULL::integer", "d.vector @@ q.tsq"
    if pins and request.sort == "relevance":
        pinned = s.bind(pins, "text[]")
        pin, match = f"array_position({pinned}, d.id)", f"({match} OR d.id = ANY({pinned}))"
    score = _score(s, request, text) if request.sort == "relevance" else "0.0::float8"
    if text is None:  # a browse is cheaper to scan again for each use than to materialise
        return f"""WITH matched AS NOT MATERIALIZED (
    SELECT {MATCHED_COLUMNS}, {score} AS score, {pin} AS pin FROM {documents} d WHERE {" AND ".join(where)}
)"""
    # Materialised, the text query is opaque to the planner, which then reaches for the GIN index:
    # its estimate of a sequential scan ignores what testing each row's tsvector costs.
    return f"""WITH q AS MATERIALIZED (SELECT {_tsquery(s, text)} AS tsq), matched AS MATERIALIZED (
    SELECT {MATCHED_COLUMNS}, {score} AS score, {pin} AS pin FROM {documents} d, q
    WHERE {" AND ".join([*where, match])}
)"""


def search_statement(
    documents: str, request: SearchRequest, text: TextQuery | None, pins: list[str]
) -> tuple[str, list[object]]:
    """SQL and arguments whose one text column is a SearchResult as JSON."""
    s = Statement()
    matched = _matched(s, documents, request, text, pins)
    refined = _refined(s, text) if request.sort == "relevance" and text is not None else ""
    order = ORDERS[request.sort]
    sql = f"""
{matched}{refined}, page AS (
    SELECT m.id, m.pin, m.score, m.popularity, m.price, m.published_at FROM {"ranked" if refined else "matched"} m
    ORDER BY {order.format(m="m")}
    LIMIT {s.bind(request.limit, "integer")} OFFSET {s.bind(request.offset, "integer")}
)
SELECT jsonb_build_object(
    'total', (SELECT count(*) FROM matched),
    'hits', (SELECT coalesce(jsonb_agg(jsonb_build_object('document', {DOCUMENT_JSON}, 'score', p.score)
                                       ORDER BY {order.format(m="p")}), '[]')
             FROM page p JOIN {documents} d ON d.id = p.id),
    'facets', {_facets(s, request.facets)}
)::text"""
    return sql, s.args
