"""The Meilisearch adapter against a recording fake of the SDK client: replies parsed, pins merged,
writes waited for, rebuilds swapped. Every call the adapter makes is bound to the signature of the
installed meilisearch-python-sdk method of the same name, so the fake cannot drift from the SDK."""

from __future__ import annotations

import inspect
import itertools
import json
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx2
import pytest
from meilisearch_python_sdk import AsyncClient, AsyncIndex
from meilisearch_python_sdk.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTaskFailedError,
    MeilisearchTimeoutError,
)
from meilisearch_python_sdk.models.search import FacetSearchResults, SearchResults
from meilisearch_python_sdk.models.settings import MeilisearchSettings
from meilisearch_python_sdk.models.task import TaskInfo, TaskResult

from adapters.search.meilisearch import (
    MeiliSearchIndex,
    engine_settings,
    merge_pinned,
    parse_search,
    pin_key,
    pinned_window,
)
from core.errors import Unavailable
from domains.search.model import (
    Boost,
    FacetValue,
    Filters,
    IndexSettings,
    SearchDocument,
    SearchRequest,
    Suggestions,
)

# A reply as Meilisearch 1.x sends it for POST /indexes/products/search.
REPLY_JSON = """
{
  "hits": [
    {"id": "p-1", "type": "product", "slug": "trail-runner-2", "title": "Trail Runner 2",
     "description": "Light trail shoe", "brand": "Acme", "brand_slug": "acme",
     "category": "Running shoes", "category_slugs": ["shoes", "running-shoes"], "price": 8999,
     "currency": "EUR", "in_stock": true, "attributes": {"color": "red", "size": "42"},
     "popularity": 17, "published_at": 1717245015.5, "image_url": "https://cdn.example/p-1.jpg",
     "price_bucket": "5000-10000", "brand_facet": "acme|Acme", "_rankingScore": 0.9421},
    {"id": "p-2", "type": "product", "slug": "city-runner", "title": "City Runner",
     "description": "", "brand": "Brio", "brand_slug": "brio", "category": "Shoes",
     "category_slugs": ["shoes"], "price": 1500, "currency": "EUR", "in_stock": false,
     "attributes": {}, "popularity": 3, "published_at": null, "image_url": null,
     "price_bucket": "0-2000", "brand_facet": "brio|Brio", "_rankingScore": 0.8102}
  ],
  "query": "runner",
  "processingTimeMs": 3,
  "limit": 20,
  "offset": 0,
  "estimatedTotalHits": 42,
  "facetDistribution": {
    "brand_facet": {"acme|Acme": 30, "brio|Brio": 12},
    "category_slugs": {"running-shoes": 40, "shoes": 42},
    "price_bucket": {"50000-": 1, "0-2000": 12, "5000-10000": 29},
    "in_stock": {"false": 2, "true": 40}
  },
  "facetStats": {"price": {"min": 1500, "max": 52000}}
}
"""


def reply(raw: dict[str, Any]) -> SearchResults[dict[str, Any]]:
    """Built exactly as AsyncIndex.search builds its result from the response body."""
    return SearchResults[dict[str, Any]](**raw)


def hits_reply(*ids: str, total: int | None = None, facets: dict | None = None) -> SearchResults:
    hits = [{"id": id_, "slug": id_, "title": id_.title(), "_rankingScore": 0.5} for id_ in ids]
    return reply(
        {
            "hits": hits,
            "query": "",
            "processingTimeMs": 1,
            "estimatedTotalHits": len(ids) if total is None else total,
            "facetDistribution": facets,
        }
    )


def api_error(code: str, status: int = 404) -> MeilisearchApiError:
    body = {"message": code, "code": code, "type": "invalid_request", "link": ""}
    return MeilisearchApiError(code, httpx2.Response(status, json=body))


class FakeIndex:
    def __init__(self, meili: FakeMeili, uid: str) -> None:
        self.meili, self.uid = meili, uid

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self.meili.record(AsyncIndex, self.uid, name, args, kwargs)

        return call


class FakeMeili:
    """Stands in for meilisearch_python_sdk.AsyncClient; answers are scripted per (index, method)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, Any]]] = []
        self.answers: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.tasks = itertools.count(1)

    def index(self, uid: str) -> FakeIndex:
        inspect.signature(AsyncClient.index).bind(None, uid)
        return FakeIndex(self, uid)

    def __getattr__(self, name: str) -> Any:
        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self.record(AsyncClient, "client", name, args, kwargs)

        return call

    def answer(self, where: str, method: str, *values: Any) -> None:
        self.answers[(where, method)].extend(values)

    async def record(self, real: type, where: str, name: str, args: tuple, kwargs: dict) -> Any:
        bound = inspect.signature(getattr(real, name)).bind(None, *args, **kwargs)
        arguments = {key: value for key, value in bound.arguments.items() if key != "self"}
        self.calls.append((where, name, arguments))
        if self.answers[(where, name)]:
            value = self.answers[(where, name)].pop(0)
            if isinstance(value, BaseException):
                raise value
            return value
        return self.default(where, name, arguments)

    def default(self, where: str, name: str, arguments: dict[str, Any]) -> Any:
        if name == "wait_for_task":
            return TaskResult.model_validate(
                {
                    "uid": arguments["task_id"],
                    "status": "succeeded",
                    "type": name,
                    "enqueuedAt": datetime.now(UTC),
                }
            )
        if name in ("create_index", "get_or_create_index"):
            return FakeIndex(self, arguments["uid"])
        if name == "delete_index_if_exists":
            return True
        if name == "search":
            return hits_reply()
        if name == "get_settings":
            return MeilisearchSettings()
        return TaskInfo.model_validate(
            {
                "taskUid": next(self.tasks),
                "indexUid": where,
                "status": "enqueued",
                "type": name,
                "enqueuedAt": datetime.now(UTC),
            }
        )

    def sequence(self) -> list[tuple[str, str]]:
        return [(where, name) for where, name, _ in self.calls]

    def made(self, where: str, name: str) -> list[dict[str, Any]]:
        return [arguments for w, n, arguments in self.calls if (w, n) == (where, name)]


@pytest.fixture
def meili() -> FakeMeili:
    return FakeMeili()


@pytest.fixture
def engine(meili: FakeMeili) -> MeiliSearchIndex:
    return MeiliSearchIndex("http://meili.test", "key", index="products", client=meili)  # type: ignore[arg-type]


def doc(id_: str, **fields: Any) -> SearchDocument:
    return SearchDocument(id=id_, slug=id_, title=id_.title(), **fields)


# ---- parsing -----------------------------------------------------------------------------


def test_a_meilisearch_reply_becomes_documents_scores_total_and_facets() -> None:
    request = SearchRequest(q="runner", facets=["brand", "category", "price", "in_stock", "type"])

    result = parse_search(reply(json.loads(REPLY_JSON)), request)

    first, second = result.hits
    assert first.document == SearchDocument(
        id="p-1",
        slug="trail-runner-2",
        title="Trail Runner 2",
        description="Light trail shoe",
        brand="Acme",
        brand_slug="acme",
        category="Running shoes",
        category_slugs=["shoes", "running-shoes"],
        price=8999,
        currency="EUR",
        in_stock=True,
        attributes={"color": "red", "size": "42"},
        popularity=17,
        published_at=datetime(2024, 6, 1, 12, 30, 15, 500_000, tzinfo=UTC),
        image_url="https://cdn.example/p-1.jpg",
    )
    assert first.score == pytest.approx(0.9421)
    assert (second.document.id, second.document.in_stock, second.document.published_at) == (
        "p-2",
        False,
        None,
    )
    assert result.total == 42
    assert result.facets == {
        "brand": [
            FacetValue(value="acme", count=30, label="Acme"),
            FacetValue(value="brio", count=12, label="Brio"),
        ],
        "category": [FacetValue(value="shoes", count=42), FacetValue(value="running-shoes", count=40)],
        "price": [
            FacetValue(value="0-2000", count=12),
            FacetValue(value="5000-10000", count=29),
            FacetValue(value="50000-", count=1),
        ],
        "in_stock": [FacetValue(value="true", count=40), FacetValue(value="false", count=2)],
        "type": [],
    }


def test_only_the_requested_facets_are_returned() -> None:
    result = parse_search(reply(json.loads(REPLY_JSON)), SearchRequest(facets=["price"]))

    assert list(result.facets) == ["price"]


def test_an_exact_total_is_preferred_to_the_estimate() -> None:
    raw = {**json.loads(REPLY_JSON), "totalHits": 41, "hitsPerPage": 20, "page": 1, "totalPages": 3}

    assert parse_search(reply(raw), SearchRequest()).total == 41


def test_one_brand_slug_under_two_spellings_is_one_facet_value() -> None:
    raw = {
        **json.loads(REPLY_JSON),
        "facetDistribution": {"brand_facet": {"acme|Acme": 3, "acme|ACME Inc": 2}},
    }

    facets = parse_search(reply(raw), SearchRequest(facets=["brand"])).facets

    assert facets["brand"] == [FacetValue(value="acme", count=5, label="Acme")]


# ---- pins --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "limit", "pinned", "expected"),
    [
        (0, 10, 2, (slice(0, 2), 0, 8)),
        (0, 1, 2, (slice(0, 1), 0, 0)),
        (1, 10, 2, (slice(1, 2), 0, 9)),
        (10, 10, 2, (slice(0, 0), 8, 10)),
        (0, 10, 0, (slice(0, 0), 0, 10)),
    ],
)
def test_pins_take_the_first_places_and_shift_the_regular_page(
    offset: int, limit: int, pinned: int, expected: tuple[slice, int, int]
) -> None:
    assert pinned_window(SearchRequest(offset=offset, limit=limit), pinned) == expected


def test_pinned_hits_lead_in_staff_order_then_regular_hits_without_repeats() -> None:
    pinned = hits_reply("p-3", "p-1", facets={"brand_facet": {"acme|Acme": 2}})
    regular = hits_reply(
        "p-9", "p-1", "p-5", total=40, facets={"brand_facet": {"acme|Acme": 5, "brio|Brio": 1}}
    )
    request = SearchRequest(q="sale", facets=["brand"])

    result = merge_pinned(pinned, regular, request, ["p-1", "p-3"])

    assert [hit.document.id for hit in result.hits] == ["p-1", "p-3", "p-9", "p-5"]
    assert result.total == 42
    assert result.facets["brand"] == [
        FacetValue(value="acme", count=7, label="Acme"),
        FacetValue(value="brio", count=1, label="Brio"),
    ]


async def test_a_pinned_query_fetches_the_pins_then_the_rest_without_them(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer("products_pins", "get_document", {"id": pin_key("summer sale"), "ids": ["p-7", "p-2"]})
    meili.answer("products", "search", hits_reply("p-2", "p-7"), hits_reply("p-4", total=10))
    request = SearchRequest(q="  Summer SALE", limit=3, filters=Filters(brand="acme"))

    result = await engine.search(request)

    assert meili.made("products_pins", "get_document") == [{"document_id": pin_key("summer sale")}]
    pins_query, rest_query = meili.made("products", "search")
    assert pins_query["query"] == ""
    assert pins_query["filter"] == ['type = "product"', 'brand_slug = "acme"', 'id IN ["p-7", "p-2"]']
    assert rest_query["query"] == "  Summer SALE"
    assert rest_query["filter"][-1] == 'NOT id IN ["p-7", "p-2"]'
    assert (rest_query["offset"], rest_query["limit"]) == (0, 1)
    assert [hit.document.id for hit in result.hits] == ["p-7", "p-2", "p-4"]
    assert result.total == 12


async def test_an_unpinned_query_is_one_search(meili: FakeMeili, engine: MeiliSearchIndex) -> None:
    meili.answer("products_pins", "get_document", api_error("document_not_found"))
    meili.answer("products", "search", reply(json.loads(REPLY_JSON)))

    result = await engine.search(SearchRequest(q="runner"))

    assert len(meili.made("products", "search")) == 1
    assert result.total == 42


async def test_a_sorted_or_empty_query_does_not_look_for_pins(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    await engine.search(SearchRequest(q="sale", sort="price_asc"))
    await engine.search(SearchRequest(q="   "))

    assert meili.made("products_pins", "get_document") == []
    assert [call["sort"] for call in meili.made("products", "search")] == [["price:asc"], None]


# ---- boost, missing index, unreachable engine --------------------------------------------


async def test_a_boosted_brand_moves_up_within_the_page_over_a_close_rival(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    close = json.loads(REPLY_JSON)
    close["hits"][1]["_rankingScore"] = 0.90
    meili.answer("products", "search", reply(close), reply(close), reply(json.loads(REPLY_JSON)))

    plain = await engine.search(SearchRequest())
    favoured = await engine.search(SearchRequest(boost=Boost(brands=["brio"])))
    far_behind = await engine.search(SearchRequest(boost=Boost(brands=["brio"])))

    assert [hit.document.id for hit in plain.hits] == ["p-1", "p-2"]
    assert [hit.document.id for hit in favoured.hits] == ["p-2", "p-1"]
    assert [hit.document.id for hit in far_behind.hits] == ["p-1", "p-2"]


async def test_a_boost_leaves_an_explicit_sort_alone(meili: FakeMeili, engine: MeiliSearchIndex) -> None:
    close = json.loads(REPLY_JSON)
    close["hits"][1]["_rankingScore"] = 0.90
    meili.answer("products", "search", reply(close))

    result = await engine.search(
        SearchRequest(sort="newest", boost=Boost(categories=["shoes"], brands=["brio"]))
    )

    assert [hit.document.id for hit in result.hits] == ["p-1", "p-2"]


async def test_searching_an_index_not_yet_created_finds_nothing(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer("products", "search", api_error("index_not_found"))

    result = await engine.search(SearchRequest(facets=["brand"]))

    assert (result.hits, result.total, result.facets) == ([], 0, {"brand": []})


@pytest.mark.parametrize(
    "failure",
    [
        MeilisearchCommunicationError("connection refused"),
        MeilisearchTimeoutError("no answer in time"),
        api_error("too_many_search_requests", status=503),
    ],
)
async def test_an_unreachable_or_overloaded_engine_is_unavailable(
    meili: FakeMeili, engine: MeiliSearchIndex, failure: Exception
) -> None:
    meili.answer("products", "search", failure)

    with pytest.raises(Unavailable):
        await engine.search(SearchRequest())


def finished(code: str | None = None) -> TaskResult:
    """A task as GET /tasks/{uid} reports it once done: failed with ``code``, else succeeded."""
    error = {"code": code, "message": code} if code else None
    return TaskResult.model_validate(
        {
            "uid": 1,
            "status": "failed" if code else "succeeded",
            "type": "x",
            "enqueuedAt": datetime.now(UTC),
            "error": error,
        }
    )


async def test_a_failed_write_task_raises_and_is_not_mistaken_for_an_outage(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer("client", "wait_for_task", finished(), finished("invalid_document_id"))

    with pytest.raises(MeilisearchTaskFailedError, match="invalid_document_id"):
        await engine.upsert([doc("p 1")])


async def test_deleting_from_an_index_not_yet_created_is_done(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer("client", "wait_for_task", finished("index_not_found"))

    await engine.delete(["p-1"])

    assert meili.sequence() == [("products", "delete_documents"), ("client", "wait_for_task")]


# ---- writes ------------------------------------------------------------------------------


async def test_upsert_returns_only_after_its_task_has_completed(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    await engine.upsert([doc("p-1", price=1200), doc("p-2")])
    await engine.upsert([doc("p-3")])

    assert meili.sequence() == [
        ("products", "update_settings"),
        ("client", "wait_for_task"),
        ("products", "add_documents"),
        ("client", "wait_for_task"),
        ("products", "add_documents"),
        ("client", "wait_for_task"),
    ]
    assert meili.made("products", "update_settings")[0]["body"] == engine_settings()
    added = meili.made("products", "add_documents")[0]
    assert added["primary_key"] == "id"
    assert [body["id"] for body in added["documents"]] == ["p-1", "p-2"]
    assert added["documents"][0]["price_bucket"] == "0-2000"
    assert [wait["task_id"] for wait in meili.made("client", "wait_for_task")] == [1, 2, 3]


async def test_delete_returns_only_after_its_task_has_completed(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    await engine.delete(["p-1", "p-2"])

    assert meili.sequence() == [("products", "delete_documents"), ("client", "wait_for_task")]
    assert meili.made("products", "delete_documents") == [{"ids": ["p-1", "p-2"]}]


async def test_configure_applies_settings_and_replaces_the_pins(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    settings = IndexSettings(synonyms=[["sofa", "couch"]], stop_words=["the"], pinned={"Sale": ["p-9"]})

    await engine.configure(settings)

    assert meili.sequence() == [
        ("products", "update_settings"),
        ("client", "wait_for_task"),
        ("client", "delete_index_if_exists"),
        ("products_pins", "add_documents"),
        ("client", "wait_for_task"),
    ]
    body = meili.made("products", "update_settings")[0]["body"]
    assert (body.synonyms, body.stop_words) == ({"sofa": ["couch"], "couch": ["sofa"]}, ["the"])
    assert meili.made("client", "delete_index_if_exists") == [{"uid": "products_pins"}]
    assert meili.made("products_pins", "add_documents")[0]["documents"] == [
        {"id": pin_key("sale"), "query": "sale", "ids": ["p-9"]}
    ]


async def test_rebuild_fills_a_second_index_and_swaps_it_in(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer(
        "products", "get_settings", MeilisearchSettings(synonyms={"sofa": ["couch"]}, stop_words=["the"])
    )

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        yield [doc("p-1"), doc("p-2")]
        yield []
        yield [doc("p-3")]

    count = await engine.rebuild(batches())

    assert count == 3
    assert meili.sequence() == [
        ("client", "delete_index_if_exists"),
        ("client", "create_index"),
        ("products", "get_settings"),
        ("products_next", "update_settings"),
        ("client", "wait_for_task"),
        ("products_next", "add_documents"),
        ("client", "wait_for_task"),
        ("products_next", "add_documents"),
        ("client", "wait_for_task"),
        ("client", "get_or_create_index"),
        ("client", "swap_indexes"),
        ("client", "wait_for_task"),
        ("client", "delete_index_if_exists"),
    ]
    assert meili.made("client", "create_index") == [{"uid": "products_next", "primary_key": "id"}]
    settings = meili.made("products_next", "update_settings")[0]["body"]
    assert settings == engine_settings().model_copy(
        update={"synonyms": {"sofa": ["couch"]}, "stop_words": ["the"]}
    )
    assert meili.made("client", "swap_indexes") == [{"indexes": [("products", "products_next")]}]
    assert meili.made("client", "delete_index_if_exists") == [{"uid": "products_next"}] * 2
    assert meili.made("products", "add_documents") == []


async def test_the_first_rebuild_starts_from_the_default_settings(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    meili.answer("products", "get_settings", api_error("index_not_found"))

    async def batches() -> AsyncIterator[Sequence[SearchDocument]]:
        yield [doc("p-1")]

    assert await engine.rebuild(batches()) == 1
    settings = meili.made("products_next", "update_settings")[0]["body"]
    assert (settings.synonyms, settings.stop_words) == ({}, [])


# ---- suggestions -------------------------------------------------------------------------


async def test_suggestions_complete_titles_and_search_brand_and_category_names(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    titles = reply(
        {
            "hits": [{"title": "Trail Runner"}, {"title": "Trail Runner"}, {"title": "Trainer"}],
            "query": "tra",
            "processingTimeMs": 1,
            "estimatedTotalHits": 3,
        }
    )
    meili.answer("products", "search", titles)
    brands = {"facetHits": [{"value": "Trabant", "count": 2}], "facetQuery": "tra", "processingTimeMs": 1}
    categories = {
        "facetHits": [{"value": "Trail shoes", "count": 9}, {"value": "Travel", "count": 1}],
        "facetQuery": "tra",
        "processingTimeMs": 1,
    }
    meili.answer(
        "products",
        "facet_search",
        FacetSearchResults.model_validate(brands),
        FacetSearchResults.model_validate(categories),
    )

    found = await engine.suggest(" tra ", limit=2)

    assert found == Suggestions(
        products=["Trail Runner", "Trainer"], brands=["Trabant"], categories=["Trail shoes", "Travel"]
    )
    brand_search, category_search = meili.made("products", "facet_search")
    assert (brand_search["facet_name"], brand_search["facet_query"]) == ("brand", "tra")
    assert (category_search["facet_name"], category_search["facet_query"]) == ("category", "tra")
    assert meili.made("products", "search")[0]["attributes_to_search_on"] == ["title"]


async def test_an_empty_prefix_suggests_nothing_without_asking(
    meili: FakeMeili, engine: MeiliSearchIndex
) -> None:
    assert await engine.suggest("  ") == Suggestions()
    assert meili.calls == []
