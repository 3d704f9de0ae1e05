"""The PostgreSQL adapter's SQL: built from code fragments only, every value bound."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.search.postgres_query import TextQuery, search_statement
from adapters.search.postgres_requests import check_prefix, checked
from adapters.search.postgres_sql import Tables, index_shape
from core.errors import Invalid
from domains.search.model import FACETS, Boost, Filters, SearchRequest

HOSTILE = "x'); DROP TABLE search_documents; --"


def test_no_value_of_the_request_reaches_the_sql_text() -> None:
    request = SearchRequest(
        q=HOSTILE,
        facets=list(FACETS),
        sort="relevance",
        filters=Filters(
            category=HOSTILE,
            brand=HOSTILE,
            min_price=1,
            max_price=2,
            in_stock=True,
            attributes={"colour": HOSTILE},
            published_before=datetime(2030, 1, 1, tzinfo=UTC),
        ),
        boost=Boost(categories=[HOSTILE], brands=[HOSTILE]),
    )
    sql, args = search_statement("search_documents", request, TextQuery("'x'", "'y':*", HOSTILE), [HOSTILE])
    assert HOSTILE not in sql
    assert "DROP" not in sql
    assert HOSTILE in args
    assert sql.count("$") >= len(args)


@pytest.mark.parametrize("sort", ["relevance", "price_asc", "price_desc", "newest", "popularity"])
def test_every_sort_ends_on_the_id_so_pages_never_overlap(sort: str) -> None:
    sql, _ = search_statement("search_documents", SearchRequest(sort=sort), None, [])  # type: ignore[arg-type]
    assert 'm.id COLLATE "C"\n' in sql


def test_a_browse_needs_no_text_query() -> None:
    sql, _ = search_statement("search_documents", SearchRequest(), None, [])
    assert "to_tsquery" not in sql
    assert "matched AS NOT MATERIALIZED" in sql


def test_only_plain_table_names_are_accepted() -> None:
    assert Tables("search_documents").next().vocabulary == "search_documents_next_vocabulary"
    with pytest.raises(ValueError, match="table name"):
        Tables('search"; DROP TABLE x; --')


def test_an_index_and_its_copy_have_the_same_shape() -> None:
    live = "CREATE INDEX search_documents_vector ON public.search_documents USING gin (vector)"
    copy = "CREATE INDEX search_documents_next_vector_idx ON public.search_documents_next USING gin (vector)"
    assert index_shape(live) == index_shape(copy)
    unique = "CREATE UNIQUE INDEX search_documents_pkey ON public.search_documents USING btree (id)"
    assert index_shape(unique) != index_shape(unique.replace("UNIQUE ", ""))


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(q="a\x00b"),
        SearchRequest(q="\ud800"),
        SearchRequest(sort="cheapest"),  # type: ignore[arg-type]
        SearchRequest(type="page"),
        SearchRequest(filters=Filters(brand="\x00")),  # type: ignore[arg-type]
        SearchRequest(q="x" * 201),
        SearchRequest(facets=["colour"]),
        SearchRequest(limit=0),
    ],
)
def test_requests_postgres_cannot_answer_are_refused_naming_the_field(request_: SearchRequest) -> None:
    with pytest.raises(Invalid) as refused:
        checked(request_)
    assert refused.value.errors


def test_a_checked_request_is_the_models_validated_one() -> None:
    assert checked(SearchRequest(q="  sofa  ", facets=["brand", "brand"])).facets == ["brand"]


def test_prefixes_postgres_cannot_hold_are_refused() -> None:
    with pytest.raises(Invalid):
        check_prefix("a\x00", 8)
    with pytest.raises(Invalid):
        check_prefix("sofa", 1_000)
