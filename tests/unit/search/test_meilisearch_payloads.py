"""What the Meilisearch adapter sends: settings, filter expressions, search parameters, documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.search.meilisearch import (
    document_from,
    document_of,
    filter_expression,
    index_settings,
    pin_key,
    pin_records,
    pinned_params,
    search_params,
    suggest_params,
    synonym_map,
)
from core.errors import Invalid
from domains.search.model import Filters, IndexSettings, SearchDocument, SearchRequest


def sent(settings: IndexSettings) -> dict:
    """The settings body exactly as AsyncIndex.update_settings serialises it."""
    return index_settings(settings).model_dump(by_alias=True, exclude_none=True)


def meili_quoted(clause: str | list[str]) -> tuple[str, str, str]:
    """Split `<left>"<value>"<rest>` the way Meilisearch's filter parser reads a double-quoted value.

    Mirrors crates/filter-parser/src/value.rs: a backslash always takes the next character, an
    unescaped quote ends the value; then `\\"` becomes `"`, then the remaining escapes are decoded.
    """
    assert isinstance(clause, str)
    left, _, quoted = clause.partition('"')
    at, escaped_quote = 0, False
    while quoted[at] != '"':
        if quoted[at] == "\\":
            at += 1
            escaped_quote |= quoted[at] == '"'
        at += 1
    fragment, rest = quoted[:at], quoted[at + 1 :]
    if escaped_quote:
        fragment = fragment.replace('\\"', '"')
    value, index = [], 0
    while index < len(fragment):
        char = fragment[index]
        if char == "\\":
            index += 1
            char = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}[
                fragment[index]
            ]
        value.append(char)
        index += 1
    return left, "".join(value), rest


# ---- settings ----------------------------------------------------------------------------


def test_settings_rank_title_over_brand_and_category_over_description() -> None:
    assert sent(IndexSettings())["searchableAttributes"] == ["title", "brand", "category", "description"]


def test_settings_make_every_filtered_and_faceted_field_filterable() -> None:
    filterable = set(sent(IndexSettings())["filterableAttributes"])

    assert {
        "id",
        "type",
        "brand_slug",
        "category_slugs",
        "price",
        "in_stock",
        "attributes",
        "published_at",
        "brand",
        "category",
        "brand_facet",
        "price_bucket",
    } <= filterable


def test_settings_sort_by_price_date_and_popularity_and_break_ties_by_popularity() -> None:
    body = sent(IndexSettings())

    assert set(body["sortableAttributes"]) == {"price", "published_at", "popularity"}
    assert body["rankingRules"][0] == "sort"
    assert body["rankingRules"][-1] == "popularity:desc"
    assert {"words", "typo", "proximity", "attribute", "exactness"} <= set(body["rankingRules"])


def test_settings_tolerate_one_typo_from_five_letters_and_two_from_nine() -> None:
    assert sent(IndexSettings())["typoTolerance"] == {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
    }


def test_settings_return_the_most_frequent_facet_values_first() -> None:
    assert sent(IndexSettings())["faceting"] == {
        "maxValuesPerFacet": 100,
        "sortFacetValuesBy": {"*": "count"},
    }


def test_each_synonym_group_maps_every_word_to_all_the_others() -> None:
    groups = [["Sofa", "couch", "settee"], ["tee", "t-shirt"], ["couch", "divan"]]

    assert synonym_map(groups) == {
        "sofa": ["couch", "settee"],
        "couch": ["sofa", "settee", "divan"],
        "settee": ["sofa", "couch"],
        "tee": ["t-shirt"],
        "t-shirt": ["tee"],
        "divan": ["couch"],
    }


def test_stop_words_are_sent_lowercased_once_each() -> None:
    assert sent(IndexSettings(stop_words=["The", "a", "the ", " "]))["stopWords"] == ["a", "the"]


def test_no_synonyms_or_stop_words_are_sent_empty_so_earlier_ones_are_cleared() -> None:
    body = sent(IndexSettings())

    assert body["synonyms"] == {}
    assert body["stopWords"] == []


def test_pins_are_stored_under_a_hash_of_the_normalised_query() -> None:
    records = pin_records({"  Summer   SALE ": ["p-2", "p-1", "p-2"], "empty": []})

    assert records == [{"id": pin_key("summer sale"), "query": "summer sale", "ids": ["p-2", "p-1"]}]
    assert pin_key("Summer Sale") == pin_key("summer   sale")
    assert pin_key("   ") == ""


# ---- filters -----------------------------------------------------------------------------


def test_every_filter_becomes_one_anded_expression() -> None:
    request = SearchRequest(
        filters=Filters(
            category="shoes",
            brand="acme",
            min_price=1000,
            max_price=5000,
            in_stock=True,
            attributes={"size": "42", "color": "red"},
        )
    )

    assert filter_expression(request) == [
        'type = "product"',
        'category_slugs = "shoes"',
        'brand_slug = "acme"',
        "price >= 1000",
        "price <= 5000",
        "in_stock = true",
        'attributes.color = "red"',
        'attributes.size = "42"',
    ]


def test_no_filters_still_restrict_the_document_type() -> None:
    assert filter_expression(SearchRequest(type="content")) == ['type = "content"']


def test_out_of_stock_filter_is_false() -> None:
    assert filter_expression(SearchRequest(filters=Filters(in_stock=False)))[-1] == "in_stock = false"


@pytest.mark.parametrize(
    "hostile",
    [
        'x" OR brand_slug = "y',
        'x\\" OR brand_slug = \\"y',
        "C:\\shoes\\",
        "\\",
        '"',
        '\\"',
        "a\\nb",
        "it's (NOT) = [1, 2]",
    ],
)
def test_a_hostile_value_stays_inside_one_quoted_string(hostile: str) -> None:
    request = SearchRequest(filters=Filters(brand=hostile, attributes={"color": hostile}))

    for clause in filter_expression(request)[1:]:
        left, value, rest = meili_quoted(clause)
        assert left in ("brand_slug = ", "attributes.color = ")
        assert value == hostile
        assert rest == ""


def test_an_injection_attempt_is_escaped_not_interpreted() -> None:
    clause = filter_expression(SearchRequest(filters=Filters(brand='x" OR brand_slug = "y')))[1]

    assert clause == 'brand_slug = "x\\" OR brand_slug = \\"y"'


@given(st.text(max_size=40))
def test_any_text_value_round_trips_through_the_quoting(value: str) -> None:
    _, parsed, rest = meili_quoted(filter_expression(SearchRequest(filters=Filters(category=value)))[1])

    assert (parsed, rest) == (value, "")


@pytest.mark.parametrize(
    "key", ['color = "red" OR x', "Color", "a" * 41, "", "color\n", "col.or", "size-eu", "ünit"]
)
def test_an_attribute_name_outside_the_safe_pattern_is_invalid(key: str) -> None:
    with pytest.raises(Invalid) as raised:
        filter_expression(SearchRequest(filters=Filters(attributes={key: "x"})))

    assert [error.field for error in raised.value.errors] == ["filters.attributes"]


def test_pinned_ids_are_quoted_inside_an_in_list() -> None:
    params = pinned_params(SearchRequest(q="sale", facets=["brand"]), ["p-1", 'p"2'])

    assert params["filter"][-1] == 'id IN ["p-1", "p\\"2"]'
    assert params["query"] == ""
    assert (params["limit"], params["offset"]) == (2, 0)
    assert params["facets"] == ["brand_facet"]


# ---- search parameters -------------------------------------------------------------------


def test_search_params_carry_query_paging_and_ranking_scores() -> None:
    params = search_params(SearchRequest(q="trail shoes", limit=12, offset=24))

    assert params == {
        "query": "trail shoes",
        "filter": ['type = "product"'],
        "facets": None,
        "sort": None,
        "limit": 12,
        "offset": 24,
        "show_ranking_score": True,
    }


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("relevance", None),
        ("price_asc", ["price:asc"]),
        ("price_desc", ["price:desc"]),
        ("newest", ["published_at:desc"]),
        ("popularity", ["popularity:desc"]),
    ],
)
def test_each_sort_maps_to_a_meilisearch_sort(sort: str, expected: list[str] | None) -> None:
    assert search_params(SearchRequest(sort=sort))["sort"] == expected  # type: ignore[arg-type]


def test_facets_map_to_the_indexed_fields() -> None:
    params = search_params(SearchRequest(facets=["brand", "category", "price", "in_stock", "type"]))

    assert params["facets"] == ["brand_facet", "category_slugs", "price_bucket", "in_stock", "type"]


def test_an_unknown_facet_is_invalid() -> None:
    with pytest.raises(Invalid) as raised:
        search_params(SearchRequest(facets=["brand", "secret_margin"]))

    assert raised.value.errors[0].field == "facets"


def test_excluded_ids_are_filtered_out_of_the_regular_query() -> None:
    params = search_params(SearchRequest(q="sale"), exclude_ids=["p-1", "p-2"])

    assert params["filter"] == ['type = "product"', 'NOT id IN ["p-1", "p-2"]']


def test_suggestions_search_product_titles_only() -> None:
    assert suggest_params("tra", 5) == {
        "query": "tra",
        "filter": 'type = "product"',
        "attributes_to_search_on": ["title"],
        "attributes_to_retrieve": ["title"],
        "limit": 5,
    }


# ---- documents ---------------------------------------------------------------------------

SHOE = SearchDocument(
    id="p-1",
    slug="trail-runner",
    title="Trail Runner",
    brand="Acme",
    brand_slug="acme",
    category="Running shoes",
    category_slugs=["shoes", "running-shoes"],
    price=8_999,
    currency="EUR",
    attributes={"color": "red"},
    popularity=7,
    published_at=datetime(2024, 6, 1, 12, 30, 15, 123_456, tzinfo=UTC),
)


def test_a_document_is_indexed_with_a_timestamp_a_price_bucket_and_a_brand_label() -> None:
    body = document_of(SHOE)

    assert body["published_at"] == SHOE.published_at.timestamp()  # type: ignore[union-attr]
    assert body["price_bucket"] == "5000-10000"
    assert body["brand_facet"] == "acme|Acme"
    assert body["attributes"] == {"color": "red"}
    assert body["category_slugs"] == ["shoes", "running-shoes"]


def test_the_most_expensive_bucket_is_open_and_no_price_has_no_bucket() -> None:
    dear = SearchDocument(id="d", slug="d", title="Dear", price=75_000)
    page = SearchDocument(id="c", slug="c", title="About us", type="content")

    assert document_of(dear)["price_bucket"] == "50000-"
    assert document_of(page)["price_bucket"] is None
    assert document_of(page)["brand_facet"] is None
    assert document_of(page)["published_at"] is None


def test_a_document_round_trips_through_its_indexed_form() -> None:
    assert document_from(document_of(SHOE)) == SHOE


def test_an_offset_or_naive_publication_time_comes_back_as_the_same_instant_in_utc() -> None:
    paris = SHOE.published_at.astimezone(timezone(timedelta(hours=2)))  # type: ignore[union-attr]
    naive = datetime(2024, 6, 1, 12, 30, 15)

    assert (
        document_from(
            document_of(SearchDocument(id="a", slug="a", title="a", published_at=paris))
        ).published_at
        == SHOE.published_at
    )
    assert document_from(
        document_of(SearchDocument(id="b", slug="b", title="b", published_at=naive))
    ).published_at == naive.replace(tzinfo=UTC)


def test_content_searches_only_see_what_was_published_before_the_given_instant() -> None:
    from datetime import UTC, datetime

    from adapters.search.meilisearch import filter_expression
    from domains.search.model import Filters, SearchRequest

    moment = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    clauses = filter_expression(SearchRequest(type="content", filters=Filters(published_before=moment)))
    assert clauses == ['type = "content"', f"published_at <= {moment.timestamp()!r}"]
