"""The contract of the search port: every SearchIndex adapter must pass all of it.

Run against PostgreSQL always, against Meilisearch when MEILI_URL is set. A
third-party adapter adds a param to ``index`` and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Sequence
from datetime import timedelta
from typing import TypeVar

import asyncpg
import msgspec
import pytest

from core.errors import Invalid
from domains.search.model import (
    FACETS,
    MAX_LIMIT,
    PRICE_BUCKETS,
    Boost,
    Filters,
    IndexSettings,
    SearchDocument,
    SearchRequest,
    SearchResult,
    Suggestions,
    price_bucket_label,
)
from domains.search.ports import SearchIndex
from tests.contracts.search_fixtures import BY_ID, CATALOGUE, CONTENT, EPOCH, PRODUCTS, generated

MEILI_URL = os.environ.get("MEILI_URL")
WITHOUT_MEILI = pytest.mark.skipif(
    not MEILI_URL,
    reason="MEILI_URL not set: Meilisearch cannot be installed on this machine; "
    "set MEILI_URL to run the contract suite against it",
)
T = TypeVar("T")


@pytest.fixture(params=["postgres", pytest.param("meilisearch", marks=WITHOUT_MEILI)])
async def index(request: pytest.FixtureRequest, database_url: str) -> AsyncIterator[SearchIndex]:
    """An empty index of the adapter under test."""
    if request.param == "postgres":
        from adapters.search.postgres import PostgresSearchIndex

        pool = await asyncpg.create_pool(database_url, min_size=1, max_size=4)
        try:
            yield PostgresSearchIndex(pool)
        finally:
            await pool.close()
    else:
        from adapters.search.meilisearch import MeiliSearchIndex

        meili = MeiliSearchIndex(
            url=MEILI_URL or "",
            api_key=os.environ.get("MEILI_MASTER_KEY"),
            index=f"contract_{uuid.uuid4().hex[:12]}",
        )
        try:
            yield meili
        finally:
            await meili.aclose()


@pytest.fixture
async def shop(index: SearchIndex) -> SearchIndex:
    """The index holding the fixture catalogue."""
    await index.upsert(CATALOGUE)
    return index


def ids(result: SearchResult) -> list[str]:
    return [hit.document.id for hit in result.hits]


async def find(index: SearchIndex, q: str = "", **fields: object) -> SearchResult:
    fields.setdefault("limit", MAX_LIMIT)
    return await index.search(SearchRequest(q=q, **fields))  # type: ignore[arg-type]


async def answered_or_refused(call: Awaitable[T]) -> T | None:
    """Bad input may be refused as invalid; anything but an answer or a refusal fails the test."""
    try:
        return await call
    except (Invalid, msgspec.ValidationError):
        return None


def count_products(predicate: object) -> int:
    return sum(1 for doc in PRODUCTS if predicate(doc))  # type: ignore[operator]


# ---- typo tolerance, prefixes, accents -----------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("iphnoe", "p-iphone-15"),  # two neighbours swapped
        ("macbok", "p-macbook-air-13"),  # a letter missing
        ("samsnug galaxy", "p-galaxy-s24"),
        ("espressso machine", "p-dedica"),  # a letter too many
        ("chesterfeild", "p-chesterfield"),
        ("linnen shirt", "p-linen-shirt"),
    ],
)
async def test_one_typo_in_a_long_word_still_finds_the_product(
    shop: SearchIndex, typed: str, expected: str
) -> None:
    assert expected in ids(await find(shop, typed))


async def test_iphnoe_finds_only_iphones_and_their_case(shop: SearchIndex) -> None:
    found = await find(shop, "iphnoe")
    assert found.total >= 3
    assert all("iphone" in BY_ID[i].title.lower() for i in ids(found))


async def test_the_last_word_completes_as_a_prefix(shop: SearchIndex) -> None:
    assert {"p-macbook-air-13", "p-macbook-pro-14"} <= set(ids(await find(shop, "macb")))
    assert set(ids(await find(shop, "samsung gal"))) >= {"p-galaxy-s24", "p-galaxy-s24-ultra", "p-galaxy-a55"}


async def test_accents_are_ignored_both_ways(shop: SearchIndex) -> None:
    assert "p-cafe-creme" in ids(await find(shop, "cafe creme"))
    assert "p-cafe-creme" in ids(await find(shop, "CAFÉ Crème"))
    assert "p-creme-brulee-syrup" in ids(await find(shop, "creme brulee"))


async def test_suggestions_complete_titles_brands_and_categories(shop: SearchIndex) -> None:
    found = await shop.suggest("sams")
    assert found.products
    assert all(title.startswith("Samsung") for title in found.products)
    assert "Samsung" in found.brands
    assert "Laptops" in (await shop.suggest("lapt")).categories
    assert "Café Crème Whole Bean Coffee" in (await shop.suggest("cafe cr")).products


async def test_suggestions_are_distinct_limited_and_only_products(shop: SearchIndex) -> None:
    found = await shop.suggest("e", limit=3)
    for names in (found.products, found.brands, found.categories):
        assert len(names) <= 3
        assert len(names) == len(set(names))
    titles = (await shop.suggest("how to brew")).products
    assert "How to Brew the Perfect Espresso" not in titles


async def test_suggestions_tolerate_a_typo(shop: SearchIndex) -> None:
    assert any(title.startswith("Samsung") for title in (await shop.suggest("samsnug")).products)


# ---- filters and facets --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "predicate"),
    [
        (Filters(category="electronics"), lambda d: "electronics" in d.category_slugs),
        (Filters(category="coffee-machines"), lambda d: "coffee-machines" in d.category_slugs),
        (Filters(brand="nordhus"), lambda d: d.brand_slug == "nordhus"),
        (Filters(min_price=50_000, max_price=100_000), lambda d: 50_000 <= d.price <= 100_000),
        (Filters(in_stock=False), lambda d: not d.in_stock),
        (Filters(attributes={"colour": "black"}), lambda d: d.attributes.get("colour") == "black"),
        (
            Filters(category="apparel", attributes={"colour": "white", "size": "m"}),
            lambda d: (
                "apparel" in d.category_slugs
                and d.attributes.get("colour") == "white"
                and d.attributes.get("size") == "m"
            ),
        ),
    ],
)
async def test_filters_keep_exactly_the_matching_products(
    shop: SearchIndex, filters: Filters, predicate: object
) -> None:
    found = await find(shop, filters=filters)
    assert sorted(ids(found)) == sorted(d.id for d in PRODUCTS if predicate(d))  # type: ignore[operator]
    assert found.total == count_products(predicate)


async def test_filters_combine_with_text(shop: SearchIndex) -> None:
    found = await find(shop, "iphone", filters=Filters(brand="apple", category="phones", max_price=100_000))
    assert set(ids(found)) == {"p-iphone-15", "p-iphone-15-pro", "p-iphone-15-case"}
    coffee = await find(shop, "coffee", filters=Filters(category="kitchen", in_stock=True))
    assert "p-walnut-coffee-table" not in ids(coffee)
    assert {"p-cafe-creme", "p-baratza-grinder"} <= set(ids(coffee))


async def test_unknown_filter_values_find_nothing(shop: SearchIndex) -> None:
    assert (await find(shop, filters=Filters(category="no-such-category"))).total == 0
    assert (await find(shop, filters=Filters(attributes={"colour": "ultraviolet"}))).total == 0
    crossed = await answered_or_refused(find(shop, filters=Filters(min_price=10_000, max_price=5_000)))
    assert crossed is None or crossed.total == 0


async def test_content_published_later_stays_hidden(shop: SearchIndex) -> None:
    cutoff = EPOCH + timedelta(days=131, hours=12)
    found = await find(shop, type="content", filters=Filters(published_before=cutoff))
    assert sorted(ids(found)) == ["c-brew-guide", "c-cafe-culture"]


@pytest.mark.parametrize("q", ["", "coffee", "pro"])
async def test_facet_counts_add_up_to_the_filtered_hits(shop: SearchIndex, q: str) -> None:
    found = await find(shop, q, facets=list(FACETS), filters=Filters(in_stock=True))
    priced = [BY_ID[i] for i in ids(found) if BY_ID[i].price is not None]
    assert sum(v.count for v in found.facets["brand"]) == found.total
    assert sum(v.count for v in found.facets["in_stock"]) == found.total
    assert [(v.value, v.count) for v in found.facets["in_stock"]] == [("true", found.total)]
    assert [(v.value, v.count) for v in found.facets["type"]] == [("product", found.total)]
    assert sum(v.count for v in found.facets["price"]) == len(priced)
    labels = [price_bucket_label(lower, upper) for lower, upper in PRICE_BUCKETS]
    assert [v.value for v in found.facets["price"]] == [
        label for label in labels if any(v.value == label for v in found.facets["price"])
    ]
    for value in found.facets["brand"]:
        assert value.count == sum(1 for i in ids(found) if BY_ID[i].brand_slug == value.value)
        assert value.label == BY_ID[next(i for i in ids(found) if BY_ID[i].brand_slug == value.value)].brand


async def test_each_category_count_equals_the_hits_of_filtering_by_it(shop: SearchIndex) -> None:
    found = await find(shop, facets=["category"], filters=Filters(category="electronics"))
    counts = {v.value: v.count for v in found.facets["category"]}
    assert counts["electronics"] == found.total
    assert counts["phones"] == count_products(lambda d: "phones" in d.category_slugs)
    for slug, count in counts.items():
        assert (await find(shop, filters=Filters(category=slug))).total == count


async def test_facets_follow_the_brand_filter(shop: SearchIndex) -> None:
    found = await find(shop, facets=["brand", "category"], filters=Filters(brand="apple"))
    assert [(v.value, v.label, v.count) for v in found.facets["brand"]] == [("apple", "Apple", found.total)]
    assert {v.value for v in found.facets["category"]} == {"electronics", "phones", "phone-cases", "laptops"}


async def test_only_requested_facets_are_returned(shop: SearchIndex) -> None:
    assert set((await find(shop, facets=["brand"])).facets) == {"brand"}
    assert not (await find(shop)).facets


# ---- sorting and paging --------------------------------------------------------------------


async def test_relevance_puts_the_exact_title_first(shop: SearchIndex) -> None:
    found = await find(shop, "iphone 15")
    assert ids(found)[0] == "p-iphone-15"
    assert {"p-iphone-15-pro", "p-iphone-15-pro-max"} <= set(ids(found))


async def test_title_matches_outrank_description_matches(shop: SearchIndex) -> None:
    order = ids(await find(shop, "espresso"))
    assert order.index("p-espresso-italiano") < order.index("p-vertuo-next")


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [
        ("price_asc", "price", False),
        ("price_desc", "price", True),
        ("newest", "published_at", True),
        ("popularity", "popularity", True),
    ],
)
async def test_sorts_order_every_hit(shop: SearchIndex, sort: str, key: str, descending: bool) -> None:
    found = await find(shop, sort=sort)
    values = [getattr(BY_ID[i], key) for i in ids(found)]
    assert len(values) == len(PRODUCTS)
    assert values == sorted(values, reverse=descending)


async def test_sort_applies_to_text_matches(shop: SearchIndex) -> None:
    prices = [BY_ID[i].price for i in ids(await find(shop, "laptop", sort="price_asc"))]
    assert len(prices) >= 5
    assert prices == sorted(prices)


@pytest.mark.parametrize("sort", ["popularity", "price_desc", "relevance"])
async def test_pages_are_disjoint_and_complete(shop: SearchIndex, sort: str) -> None:
    seen: list[str] = []
    totals = set()
    for offset in range(0, len(PRODUCTS) + 7, 7):
        page = await find(shop, sort=sort, limit=7, offset=offset)
        assert len(page.hits) <= 7
        totals.add(page.total)
        seen += ids(page)
    assert totals == {len(PRODUCTS)}
    assert len(seen) == len(set(seen)) == len(PRODUCTS)


async def test_an_offset_past_the_end_gives_an_empty_page_and_the_total(shop: SearchIndex) -> None:
    page = await find(shop, "coffee", offset=1_000)
    assert page.hits == []
    assert page.total > 0


async def test_boost_favours_the_shoppers_categories(shop: SearchIndex) -> None:
    plain = ids(await find(shop, "coffee"))
    boosted = ids(await find(shop, "coffee", boost=Boost(categories=["tables"])))
    assert plain.index("p-walnut-coffee-table") > 0
    assert boosted.index("p-walnut-coffee-table") < plain.index("p-walnut-coffee-table")
    assert sorted(boosted) == sorted(plain)


# ---- documents: types, writes, settings ----------------------------------------------------


async def test_content_is_searched_apart_from_products(shop: SearchIndex) -> None:
    pages = await find(shop, "espresso", type="content")
    assert ids(pages) == ["c-brew-guide"]
    assert not {d.id for d in CONTENT} & set(ids(await find(shop, "espresso")))
    assert (await find(shop, type="content")).total == len(CONTENT)


async def test_hits_carry_the_whole_document(shop: SearchIndex) -> None:
    hit = (await find(shop, "chesterfield")).hits[0]
    assert hit.document == BY_ID["p-chesterfield"]


async def test_an_archived_product_disappears(shop: SearchIndex) -> None:
    await shop.delete(["p-galaxy-a55"])
    assert "p-galaxy-a55" not in ids(await find(shop, "galaxy"))
    assert "Samsung Galaxy A55" not in (await shop.suggest("samsung galaxy a")).products
    assert (await find(shop)).total == len(PRODUCTS) - 1
    await shop.delete(["p-galaxy-a55", "never-indexed"])


async def test_writes_are_read_at_once(shop: SearchIndex) -> None:
    fairphone = msgspec.structs.replace(
        BY_ID["p-pixel-8"],
        id="p-fairphone-5",
        slug="fairphone-5",
        title="Fairphone 5",
        brand="Fairphone",
        brand_slug="fairphone",
    )
    await shop.upsert([fairphone])
    assert ids(await find(shop, "fairphone")) == ["p-fairphone-5"]
    renamed = msgspec.structs.replace(fairphone, title="Fairphone Gen 5", price=59_900)
    await shop.upsert([renamed])
    hit = (await find(shop, "fairphone")).hits[0].document
    assert (hit.title, hit.price) == ("Fairphone Gen 5", 59_900)
    assert (await find(shop, filters=Filters(brand="fairphone"))).total == 1


async def test_a_document_with_a_nul_character_is_still_indexed(shop: SearchIndex) -> None:
    odd = msgspec.structs.replace(
        BY_ID["p-linen-shirt"], id="p-odd", title="Oddball Shirt", description="a\x00b"
    )
    await shop.upsert([odd])
    assert ids(await find(shop, "oddball")) == ["p-odd"]


async def test_synonyms_join_words(shop: SearchIndex) -> None:
    assert "p-chesterfield" not in ids(await find(shop, "sofa"))
    await shop.configure(IndexSettings(synonyms=[["sofa", "couch"]]))
    assert {"p-chesterfield", "p-oslo-sofa"} <= set(ids(await find(shop, "sofa")))
    assert {"p-chesterfield", "p-oslo-sofa"} <= set(ids(await find(shop, "couch")))


async def test_stop_words_are_ignored(shop: SearchIndex) -> None:
    await shop.configure(IndexSettings(stop_words=["the", "for", "with"]))
    assert ids(await find(shop, "the couch")) == ids(await find(shop, "couch")) == ["p-chesterfield"]
    assert "p-iphone-15-case" in ids(await find(shop, "case for the iphone"))


async def test_pinned_results_come_first_for_their_query(shop: SearchIndex) -> None:
    pins = ["p-baratza-grinder", "p-decaf-colombia"]
    await shop.configure(IndexSettings(pinned={"coffee": pins}))
    found = await find(shop, "Coffee")
    assert ids(found)[:2] == pins
    assert len(ids(found)) == len(set(ids(found))) == found.total
    assert ids(await find(shop, "coffee", limit=1, offset=1)) == pins[1:]
    assert ids(await find(shop, "espresso"))[0] != "p-baratza-grinder"


async def test_configure_replaces_earlier_settings(shop: SearchIndex) -> None:
    await shop.configure(IndexSettings(synonyms=[["sofa", "couch"]], pinned={"coffee": ["p-decaf-colombia"]}))
    await shop.configure(IndexSettings())
    assert "p-chesterfield" not in ids(await find(shop, "sofa"))
    assert ids(await find(shop, "coffee"))[0] != "p-decaf-colombia"


# ---- rebuild -------------------------------------------------------------------------------


async def test_rebuild_keeps_answering_then_swaps(shop: SearchIndex) -> None:
    first_half_sent, carry_on = asyncio.Event(), asyncio.Event()
    kept = [d for d in CATALOGUE if d.id != "p-chesterfield"]
    newcomer = msgspec.structs.replace(BY_ID["p-oslo-sofa"], id="p-bergen-sofa", title="Bergen Corner Sofa")

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        yield kept[:20]
        first_half_sent.set()
        await carry_on.wait()
        yield kept[20:]
        yield [newcomer]

    rebuilding = asyncio.create_task(shop.rebuild(batches()))
    await asyncio.wait_for(first_half_sent.wait(), 10)
    during = await find(shop, "chesterfield")
    assert ids(during) == ["p-chesterfield"]
    assert (await find(shop)).total == len(PRODUCTS)
    carry_on.set()
    assert await asyncio.wait_for(rebuilding, 30) == len(kept) + 1
    assert ids(await find(shop, "chesterfield")) == []
    assert ids(await find(shop, "bergen")) == ["p-bergen-sofa"]
    assert (await find(shop)).total == len(PRODUCTS)
    assert "iPhone 15" in (await shop.suggest("iph")).products
    assert "p-iphone-15" in ids(await find(shop, "iphnoe"))


async def test_rebuild_keeps_the_settings(shop: SearchIndex) -> None:
    await shop.configure(IndexSettings(synonyms=[["sofa", "couch"]]))

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        yield CATALOGUE

    await shop.rebuild(batches())
    assert "p-chesterfield" in ids(await find(shop, "sofa"))


# ---- bad input -----------------------------------------------------------------------------


async def test_an_empty_query_browses_everything_filtered(shop: SearchIndex) -> None:
    assert (await find(shop)).total == len(PRODUCTS)
    assert (await find(shop, "   ")).total == len(PRODUCTS)
    assert (await find(shop, filters=Filters(brand="apple"))).total == count_products(
        lambda d: d.brand_slug == "apple"
    )


@pytest.mark.parametrize("q", ["!!!", "...,;", " ? - ", "*", "%_%"])
async def test_a_query_of_only_punctuation_finds_nothing(shop: SearchIndex, q: str) -> None:
    result = await find(shop, q, facets=["brand"])
    assert (result.total, result.hits) == (0, [])
    assert await shop.suggest(q) == Suggestions()


@pytest.mark.parametrize(
    "q",
    [
        "iphone " * 1_500,
        "'\"&|!():*<>\\ -- ; DROP TABLE search_documents",
        "a:* & !b | (c <-> d)",
        "%_%",
        "\x00",
        "😀 🛋️",
        "ü" * 200,
        "\ud800",
    ],
)
async def test_hostile_queries_get_an_answer_or_a_refusal(shop: SearchIndex, q: str) -> None:
    result = await answered_or_refused(shop.search(SearchRequest(q=q)))
    assert result is None or isinstance(result, SearchResult)
    suggestions = await answered_or_refused(shop.suggest(q))
    assert suggestions is None or isinstance(suggestions, Suggestions)
    assert (await find(shop, "iphone")).total >= 3


async def test_a_ten_kilobyte_query_is_refused_or_finds_nothing_odd(shop: SearchIndex) -> None:
    result = await answered_or_refused(shop.search(SearchRequest(q="x" * 10_240)))
    assert result is None or result.total == 0


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(facets=["colour"]),
        SearchRequest(limit=MAX_LIMIT + 1),
        SearchRequest(limit=-1),
        SearchRequest(offset=-5),
        SearchRequest(filters=Filters(min_price=-1)),
        SearchRequest(sort="cheapest"),  # type: ignore[arg-type]
    ],
)
async def test_invalid_requests_are_refused_or_answered_sensibly(
    shop: SearchIndex, request_: SearchRequest
) -> None:
    result = await answered_or_refused(shop.search(request_))
    assert result is None or len(result.hits) <= MAX_LIMIT


async def test_an_unknown_filter_is_dropped_by_the_model(shop: SearchIndex) -> None:
    request_ = msgspec.convert({"q": "sofa", "filters": {"colour": "red"}}, SearchRequest)
    assert request_.filters == Filters()
    result = await answered_or_refused(shop.search(request_))
    assert result is not None
    assert result.total > 0


async def test_an_empty_index_answers_empty(index: SearchIndex) -> None:
    found = await find(index, "iphone", facets=list(FACETS))
    assert (found.hits, found.total) == ([], 0)
    assert all(values == [] for values in found.facets.values())
    assert await index.suggest("iph") == Suggestions()


# ---- speed ---------------------------------------------------------------------------------


@pytest.mark.slow
async def test_autocomplete_stays_fast_on_thousands_of_documents(index: SearchIndex) -> None:
    documents = generated(5_000)
    for start in range(0, len(documents), 1_000):
        await index.upsert(documents[start : start + 1_000])
    timings = []
    for prefix in [
        "s",
        "sa",
        "sam",
        "samsu",
        "samsung p",
        "espresso mac",
        "lapt",
        "nordhus sofa ul",
        "prme",
    ] * 25:
        started = time.perf_counter()
        await index.suggest(prefix)
        timings.append(time.perf_counter() - started)
    p99 = statistics.quantiles(timings, n=100)[98]
    assert p99 < 0.050, f"suggest p99 {p99 * 1000:.1f} ms"
