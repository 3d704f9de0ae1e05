"""The HTTP the real meilisearch-python-sdk client sends for the adapter, against a scripted server.

No Meilisearch runs here: httpx2's MockTransport stands in for it, so these tests pin down the
JSON bodies, paths and task polling of the installed SDK version, not the engine's behaviour.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from meilisearch_python_sdk._client import _async_client

from adapters.search.meilisearch import MeiliSearchIndex, pin_key
from domains.search.model import Filters, IndexSettings, SearchDocument, SearchRequest

TASK_ENQUEUED = {
    "taskUid": 7,
    "indexUid": "products",
    "status": "enqueued",
    "type": "x",
    "enqueuedAt": "2024-06-01T12:00:00Z",
}


def task_state(status: str) -> dict[str, Any]:
    return {
        "uid": 7,
        "indexUid": "products",
        "status": status,
        "type": "x",
        "enqueuedAt": "2024-06-01T12:00:00Z",
    }


class ScriptedMeili:
    """Answers each request from a list of (method, path, json reply[, status]) and records what came."""

    def __init__(self, script: list[tuple[Any, ...]]) -> None:
        self.script = list(script)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        method, path, body, *status = self.script.pop(0)
        assert (request.method, request.url.path) == (method, path), (
            f"unexpected {request.method} {request.url}"
        )
        writes = method != "GET" and not path.endswith("/search")
        return httpx2.Response(status[0] if status else 202 if writes else 200, json=body)

    def body(self, at: int) -> Any:
        return json.loads(self.requests[at].content)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Callable[[ScriptedMeili], MeiliSearchIndex]:
    def serve(server: ScriptedMeili) -> MeiliSearchIndex:
        transport = httpx2.MockTransport(server)
        monkeypatch.setattr(
            _async_client, "HttpxAsyncClient", functools.partial(httpx2.AsyncClient, transport=transport)
        )
        return MeiliSearchIndex("http://meili.test", "search-key", index="products")

    return serve


async def test_a_search_posts_the_query_filters_facets_sort_and_paging(served: Callable) -> None:
    server = ScriptedMeili(
        [
            (
                "POST",
                "/indexes/products/search",
                {"hits": [], "query": "", "processingTimeMs": 1, "estimatedTotalHits": 0},
            ),
        ]
    )
    engine = served(server)
    request = SearchRequest(
        filters=Filters(brand='x" OR brand_slug = "y'), facets=["brand"], sort="price_asc", limit=5, offset=10
    )

    await engine.search(request)

    sent = server.body(0)
    assert server.requests[0].headers["authorization"] == "Bearer search-key"
    assert sent["q"] == ""
    assert sent["filter"] == ['type = "product"', 'brand_slug = "x\\" OR brand_slug = \\"y"']
    assert sent["facets"] == ["brand_facet"]
    assert sent["sort"] == ["price:asc"]
    assert (sent["limit"], sent["offset"], sent["showRankingScore"]) == (5, 10, True)


async def test_a_query_without_pins_is_searched_after_the_pins_index_answers_not_found(
    served: Callable,
) -> None:
    not_found = {
        "message": "Document not found.",
        "code": "document_not_found",
        "type": "invalid_request",
        "link": "https://docs.meilisearch.com/errors#document_not_found",
    }
    server = ScriptedMeili(
        [
            ("GET", f"/indexes/products_pins/documents/{pin_key('runner')}", not_found, 404),
            (
                "POST",
                "/indexes/products/search",
                {"hits": [], "query": "runner", "processingTimeMs": 1, "estimatedTotalHits": 0},
            ),
        ]
    )
    engine = served(server)

    result = await engine.search(SearchRequest(q="Runner"))

    assert result.total == 0
    assert server.body(1)["q"] == "Runner"


async def test_configure_patches_the_settings_and_polls_the_task_until_it_succeeds(served: Callable) -> None:
    server = ScriptedMeili(
        [
            ("PATCH", "/indexes/products/settings", TASK_ENQUEUED),
            ("GET", "/tasks/7", task_state("processing")),
            ("GET", "/tasks/7", task_state("succeeded")),
            ("DELETE", "/indexes/products_pins", {**TASK_ENQUEUED, "taskUid": 8}),
            ("GET", "/tasks/8", {**task_state("succeeded"), "uid": 8}),
        ]
    )
    engine = served(server)

    await engine.configure(IndexSettings(synonyms=[["sofa", "couch"]]))

    sent = server.body(0)
    assert sent["searchableAttributes"] == ["title", "brand", "category", "description"]
    assert sent["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert sent["synonyms"] == {"sofa": ["couch"], "couch": ["sofa"]}
    assert sent["stopWords"] == []
    assert server.script == []


async def test_upsert_posts_documents_with_their_primary_key_and_waits(served: Callable) -> None:
    server = ScriptedMeili(
        [
            ("PATCH", "/indexes/products/settings", TASK_ENQUEUED),
            ("GET", "/tasks/7", task_state("succeeded")),
            ("POST", "/indexes/products/documents", {**TASK_ENQUEUED, "taskUid": 9}),
            ("GET", "/tasks/9", {**task_state("enqueued"), "uid": 9}),
            ("GET", "/tasks/9", {**task_state("succeeded"), "uid": 9}),
        ]
    )
    engine = served(server)

    await engine.upsert([SearchDocument(id="p-1", slug="p-1", title="Trail Runner", price=8999)])

    assert server.requests[2].url.params["primaryKey"] == "id"
    assert server.body(2)[0]["price_bucket"] == "5000-10000"
    assert server.script == []
