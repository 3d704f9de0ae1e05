"""The search port on Meilisearch, through the async client of meilisearch-python-sdk.

Everything sent is built by pure functions (index_settings, filter_expression,
search_params, document_of) and every reply is read by parse_search, so both
sides of the boundary are unit-tested without a server. Where Meilisearch lacks
a feature, the choice made:

- Price facet: each document carries its ``price_bucket`` label (PRICE_BUCKETS),
  faceted like a string: exact bucket counts in the same query. Changing
  PRICE_BUCKETS therefore needs a rebuild.
- Brand facet labels: each document carries ``brand_facet`` = "<slug>|<name>"
  (a slug never holds "|"), so one facet yields slug and display name. Category
  facets carry no label: a document names one category but lists several slugs.
- Pins: kept in a side index ``<index>_pins``, one record per normalised query,
  so every process sees the same pins. A pinned query (relevance sort only) runs
  the pinned ids first (placeholder query, the same filters, ``id IN [...]``),
  then the query itself with ``NOT id IN [...]``; pins lead, and totals, paging
  and facet counts cover both.
- Boost: Meilisearch has no per-query boost. Under relevance sort the hits of
  the returned page are re-ordered by ranking score plus a bonus per boosted
  category or brand; a boosted document on a later page does not move up.
- Writes wait for their task, so the next search sees them; a failed task
  raises. The first upsert of a process applies the engine's own settings (not
  synonyms or stop words), so filters work before configure() has run. An
  engine that is down or overloaded is core.errors.Unavailable (503).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import msgspec
from meilisearch_python_sdk import AsyncClient
from meilisearch_python_sdk.errors import (
    MeilisearchApiError,
    MeilisearchError,
    MeilisearchTaskFailedError,
)
from meilisearch_python_sdk.models.settings import (
    Faceting,
    MeilisearchSettings,
    MinWordSizeForTypos,
    TypoTolerance,
)

from core.errors import FieldError, Invalid, Unavailable
from domains.search.model import (
    PRICE_BUCKETS,
    Boost,
    FacetValue,
    Hit,
    IndexSettings,
    SearchDocument,
    SearchRequest,
    SearchResult,
    Suggestions,
    matches_nothing,
    nothing_found,
    price_bucket_label,
)

if TYPE_CHECKING:
    from meilisearch_python_sdk.index import AsyncIndex
    from meilisearch_python_sdk.models.search import FacetSearchResults, SearchResults

    Reply = SearchResults[dict[str, Any]]

SEARCHABLE = ["title", "brand", "category", "description"]
FILTERABLE = [
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
]
SORTABLE = ["price", "published_at", "popularity"]
# "sort" first: a shopper's explicit sort is strict; without one the rule is a no-op.
RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness", "popularity:desc"]
MAX_FACET_VALUES = 100
FACET_FIELDS = {
    "brand": "brand_facet",
    "category": "category_slugs",
    "price": "price_bucket",
    "in_stock": "in_stock",
    "type": "type",
}
SORTS: dict[str, list[str] | None] = {
    "relevance": None,
    "price_asc": ["price:asc"],
    "price_desc": ["price:desc"],
    "newest": ["published_at:desc"],
    "popularity": ["popularity:desc"],
}
ATTRIBUTE_KEY = re.compile(r"[a-z0-9_]{1,40}")
BOOST_BONUS = 0.1
NOT_THERE = ("index_not_found", "document_not_found")


# ---- what we send -------------------------------------------------------------------------


def index_settings(settings: IndexSettings) -> MeilisearchSettings:
    """The whole settings payload: the engine's own settings plus staff synonyms and stop words."""
    return engine_settings().model_copy(
        update={
            "synonyms": synonym_map(settings.synonyms),
            "stop_words": sorted({word.strip().lower() for word in settings.stop_words if word.strip()}),
        }
    )


def engine_settings() -> MeilisearchSettings:
    """What the code needs of the index, leaving staff synonyms and stop words untouched."""
    return MeilisearchSettings(
        searchable_attributes=SEARCHABLE,
        filterable_attributes=list(FILTERABLE),
        sortable_attributes=SORTABLE,
        ranking_rules=RANKING_RULES,
        typo_tolerance=TypoTolerance(
            enabled=True, min_word_size_for_typos=MinWordSizeForTypos(one_typo=5, two_typos=9)
        ),
        faceting=Faceting(max_values_per_facet=MAX_FACET_VALUES, sort_facet_values_by={"*": "count"}),
    )


def synonym_map(groups: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """Meilisearch synonyms are one-way; every word of a group maps to all the others."""
    mapping: dict[str, list[str]] = {}
    for group in groups:
        words = list(dict.fromkeys(word.strip().lower() for word in group if word.strip()))
        for word in words:
            others = mapping.setdefault(word, [])
            others.extend(other for other in words if other != word and other not in others)
    return {word: others for word, others in mapping.items() if others}


def quote(value: str) -> str:
    """A filter value as one double-quoted string that no content can close early."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def attribute_key(key: str) -> str:
    if not ATTRIBUTE_KEY.fullmatch(key):
        raise Invalid(
            "Unknown product attribute.",
            errors=[
                FieldError(
                    "filters.attributes",
                    "attribute names are 1-40 lowercase letters, digits or underscores",
                )
            ],
        )
    return key


def id_list(ids: Sequence[str]) -> str:
    return "[" + ", ".join(quote(i) for i in ids) + "]"


def filter_expression(request: SearchRequest) -> list[str | list[str]]:
    """The request's filters as Meilisearch expressions, all ANDed; values always quoted."""
    found = request.filters
    clauses: list[str | list[str]] = [f"type = {quote(request.type)}"]
    if found.category is not None:
        clauses.append(f"category_slugs = {quote(found.category)}")
    if found.brand is not None:
        clauses.append(f"brand_slug = {quote(found.brand)}")
    if found.min_price is not None:
        clauses.append(f"price >= {found.min_price:d}")
    if found.max_price is not None:
        clauses.append(f"price <= {found.max_price:d}")
    if found.in_stock is not None:
        clauses.append(f"in_stock = {'true' if found.in_stock else 'false'}")
    for key, value in sorted(found.attributes.items()):
        clauses.append(f"attributes.{attribute_key(key)} = {quote(value)}")
    if found.published_before is not None:
        clauses.append(f"published_at <= {timestamp(found.published_before)!r}")
    return clauses


def timestamp(moment: datetime) -> float:
    """Unix seconds; a naive datetime counts as UTC."""
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


def facet_fields(names: Sequence[str]) -> list[str] | None:
    unknown = [name for name in names if name not in FACET_FIELDS]
    if unknown:
        raise Invalid(
            "Unknown facet.", errors=[FieldError("facets", f"choose from {', '.join(FACET_FIELDS)}")]
        )
    return [FACET_FIELDS[name] for name in names] or None


def search_params(request: SearchRequest, *, exclude_ids: Sequence[str] = ()) -> dict[str, Any]:
    """Keyword arguments of AsyncIndex.search; the SDK sends them as q, filter, facets, sort,
    limit, offset and showRankingScore."""
    clauses = filter_expression(request)
    if exclude_ids:
        clauses.append(f"NOT id IN {id_list(exclude_ids)}")
    return {
        "query": request.q,
        "filter": clauses,
        "facets": facet_fields(request.facets),
        "sort": SORTS[request.sort],
        "limit": request.limit,
        "offset": request.offset,
        "show_ranking_score": True,
    }


def pinned_params(request: SearchRequest, ids: Sequence[str]) -> dict[str, Any]:
    """The pinned documents that pass the shopper's filters, whatever the query text."""
    return {
        "query": "",
        "filter": [*filter_expression(request), f"id IN {id_list(ids)}"],
        "facets": facet_fields(request.facets),
        "limit": len(ids),
        "offset": 0,
        "show_ranking_score": True,
    }


def suggest_params(prefix: str, limit: int) -> dict[str, Any]:
    return {
        "query": prefix,
        "filter": 'type = "product"',
        "attributes_to_search_on": ["title"],
        "attributes_to_retrieve": ["title"],
        "limit": limit,
    }


def document_of(doc: SearchDocument) -> dict[str, Any]:
    """The indexed form: published_at as a unix timestamp (sortable), plus facet helper fields.

    ``attributes`` stays an object; Meilisearch flattens it to ``attributes.<key>`` for filters.
    """
    fields: dict[str, Any] = msgspec.to_builtins(doc)
    fields["published_at"] = timestamp(doc.published_at) if doc.published_at else None
    fields["price_bucket"] = price_bucket_of(doc.price)
    fields["brand_facet"] = f"{doc.brand_slug}|{doc.brand or doc.brand_slug}" if doc.brand_slug else None
    return fields


def price_bucket_of(price: int | None) -> str | None:
    if price is None:
        return None
    for lower, upper in PRICE_BUCKETS:
        if price >= lower and (upper is None or price < upper):
            return price_bucket_label(lower, upper)
    return None


def normalise_query(q: str) -> str:
    return " ".join(q.lower().split())


def pin_key(q: str) -> str:
    """A Meilisearch document id for a query: ids allow only [A-Za-z0-9_-]."""
    text = normalise_query(q)
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def pin_records(pinned: dict[str, list[str]]) -> list[dict[str, Any]]:
    records = {
        pin_key(q): {"id": pin_key(q), "query": normalise_query(q), "ids": list(dict.fromkeys(ids))}
        for q, ids in pinned.items()
        if pin_key(q) and ids
    }
    return list(records.values())


# ---- what we read -------------------------------------------------------------------------


def document_from(hit: dict[str, Any]) -> SearchDocument:
    fields = {key: value for key, value in hit.items() if not key.startswith("_")}
    stamp = fields.get("published_at")
    if isinstance(stamp, int | float):
        fields["published_at"] = datetime.fromtimestamp(stamp, UTC)
    return msgspec.convert(fields, SearchDocument)


def hits_of(reply: Reply) -> list[Hit]:
    return [
        Hit(document=document_from(hit), score=float(hit.get("_rankingScore") or 0.0)) for hit in reply.hits
    ]


def facet_values(name: str, counts: dict[str, int]) -> list[FacetValue]:
    if name == "price":
        labels = [price_bucket_label(lower, upper) for lower, upper in PRICE_BUCKETS]
        return [FacetValue(value=label, count=counts[label]) for label in labels if counts.get(label)]
    merged: dict[str, FacetValue] = {}
    for raw, count in counts.items():
        value, _, label = raw.partition("|") if name == "brand" else (raw, "", "")
        before = merged.get(value)
        merged[value] = FacetValue(
            value=value,
            count=count + (before.count if before else 0),
            label=before.label if before else label or None,
        )
    return sorted(merged.values(), key=lambda found: (-found.count, found.value))


def facets_of(distribution: dict[str, Any] | None, names: Sequence[str]) -> dict[str, list[FacetValue]]:
    found = distribution or {}
    return {name: facet_values(name, found.get(FACET_FIELDS[name], {})) for name in names}


def total_of(reply: Reply) -> int:
    if reply.total_hits is not None:
        return reply.total_hits
    return reply.estimated_total_hits if reply.estimated_total_hits is not None else len(reply.hits)


def parse_search(reply: Reply, request: SearchRequest) -> SearchResult:
    """A Meilisearch search reply as the port's result (facets limited to those requested)."""
    return SearchResult(
        hits=hits_of(reply),
        total=total_of(reply),
        facets=facets_of(reply.facet_distribution, request.facets),
    )


def pinned_window(request: SearchRequest, pinned: int) -> tuple[slice, int, int]:
    """Which pinned hits this page shows, and the offset and limit of the regular query."""
    if request.offset < pinned:
        shown = slice(request.offset, min(pinned, request.offset + request.limit))
        return shown, 0, request.limit - (shown.stop - shown.start)
    return slice(0, 0), request.offset - pinned, request.limit


def summed(first: dict[str, Any] | None, second: dict[str, Any] | None) -> dict[str, dict[str, int]]:
    total: dict[str, dict[str, int]] = {}
    for distribution in (first or {}, second or {}):
        for field, counts in distribution.items():
            into = total.setdefault(field, {})
            for value, count in counts.items():
                into[value] = into.get(value, 0) + count
    return total


def merge_pinned(pinned: Reply, regular: Reply, request: SearchRequest, ids: Sequence[str]) -> SearchResult:
    """Pins first in staff order, then the regular hits without them; totals and facets cover both."""
    order = {id_: position for position, id_ in enumerate(ids)}
    pins = sorted(hits_of(pinned), key=lambda hit: order.get(hit.document.id, len(order)))
    shown, _, _ = pinned_window(request, len(pins))
    rest = [hit for hit in boosted(hits_of(regular), request) if hit.document.id not in order]
    return SearchResult(
        hits=pins[shown] + rest,
        total=len(pins) + total_of(regular),
        facets=facets_of(summed(pinned.facet_distribution, regular.facet_distribution), request.facets),
    )


def boosted(hits: list[Hit], request: SearchRequest) -> list[Hit]:
    """Under relevance, favour boosted categories and brands within the page (stable)."""
    boost: Boost = request.boost
    if request.sort != "relevance" or not (boost.categories or boost.brands):
        return hits

    def bonus(hit: Hit) -> float:
        doc = hit.document
        in_category = any(slug in boost.categories for slug in doc.category_slugs)
        return BOOST_BONUS * (in_category + (doc.brand_slug in boost.brands))

    return sorted(hits, key=lambda hit: -(hit.score + bonus(hit)))


def suggestions_of(
    titles: Reply, brands: FacetSearchResults, categories: FacetSearchResults, limit: int
) -> Suggestions:
    names = list(dict.fromkeys(str(hit["title"]) for hit in titles.hits if hit.get("title")))
    return Suggestions(
        products=names[:limit],
        brands=[hit.value for hit in brands.facet_hits][:limit],
        categories=[hit.value for hit in categories.facet_hits][:limit],
    )


@contextmanager
def engine_errors() -> Iterator[None]:
    """An engine that is down, overloaded or too slow is Unavailable; our own mistakes stay loud."""
    try:
        yield
    except MeilisearchApiError as error:
        if error.status_code < 500:
            raise
        raise Unavailable("The search engine is overloaded or failing.") from error
    except MeilisearchTaskFailedError:
        raise
    except MeilisearchError as error:  # unreachable, timed out, or no reply at all
        raise Unavailable("The search engine did not answer.") from error


def is_missing(error: MeilisearchApiError) -> bool:
    return error.code in NOT_THERE


# ---- the adapter --------------------------------------------------------------------------


class MeiliSearchIndex:
    """SearchIndex on one Meilisearch index (plus ``<index>_pins``; ``<index>_next`` while rebuilding)."""

    def __init__(
        self,
        url: str,
        api_key: str | None = None,
        *,
        index: str = "products",
        client: AsyncClient | None = None,
        task_timeout_ms: int = 60_000,
    ) -> None:
        self._owns_client = client is None
        self._client = client if client is not None else AsyncClient(url, api_key)
        self._uid = index
        self._timeout_ms = task_timeout_ms
        self._engine_ready = False

    @property
    def _live(self) -> AsyncIndex:
        return self._client.index(self._uid)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def configure(self, settings: IndexSettings) -> None:
        with engine_errors():
            await self._wait((await self._live.update_settings(index_settings(settings))).task_uid)
            self._engine_ready = True
            await self._client.delete_index_if_exists(f"{self._uid}_pins")
            if records := pin_records(settings.pinned):
                pins = self._client.index(f"{self._uid}_pins")
                await self._wait((await pins.add_documents(records, primary_key="id")).task_uid)

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        with engine_errors():
            if not self._engine_ready:
                await self._wait((await self._live.update_settings(engine_settings())).task_uid)
                self._engine_ready = True
            body = [document_of(doc) for doc in documents]
            await self._wait((await self._live.add_documents(body, primary_key="id")).task_uid)

    async def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        with engine_errors():
            await self._wait((await self._live.delete_documents(list(ids))).task_uid, missing_ok=True)

    async def search(self, request: SearchRequest) -> SearchResult:
        params = search_params(request)  # invalid input fails here, before any I/O
        if matches_nothing(request.q):
            return nothing_found(request)
        with engine_errors():
            try:
                ids = await self._pins_for(request)
                if ids:
                    return await self._pinned_search(request, ids)
                result = parse_search(await self._live.search(**params), request)
                return msgspec.structs.replace(result, hits=boosted(result.hits, request))
            except MeilisearchApiError as error:
                if error.code != "index_not_found":
                    raise
                return SearchResult(hits=[], total=0, facets=facets_of({}, request.facets))

    async def _pins_for(self, request: SearchRequest) -> list[str]:
        key = pin_key(request.q)
        if request.sort != "relevance" or not key:
            return []
        try:
            record = await self._client.index(f"{self._uid}_pins").get_document(key)
        except MeilisearchApiError as error:
            if is_missing(error):
                return []
            raise
        return [str(id_) for id_ in record.get("ids", [])]

    async def _pinned_search(self, request: SearchRequest, ids: list[str]) -> SearchResult:
        pinned = await self._live.search(**pinned_params(request, ids))
        _, offset, limit = pinned_window(request, len(pinned.hits))
        regular_params = {**search_params(request, exclude_ids=ids), "offset": offset, "limit": limit}
        regular = await self._live.search(**regular_params)
        return merge_pinned(pinned, regular, request, ids)

    async def suggest(self, prefix: str, *, limit: int = 8) -> Suggestions:
        text = prefix.strip()
        if not text or limit <= 0 or matches_nothing(text):
            return Suggestions()
        live, only_products = self._live, 'type = "product"'
        with engine_errors():
            try:
                titles, brands, categories = await asyncio.gather(
                    live.search(**suggest_params(text, limit)),
                    live.facet_search(facet_name="brand", facet_query=text, filter=only_products),
                    live.facet_search(facet_name="category", facet_query=text, filter=only_products),
                )
            except MeilisearchApiError as error:
                if error.code != "index_not_found":
                    raise
                return Suggestions()
        return suggestions_of(titles, brands, categories, limit)

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        fresh_uid, count = f"{self._uid}_next", 0
        with engine_errors():
            await self._client.delete_index_if_exists(fresh_uid)
            fresh = await self._client.create_index(fresh_uid, primary_key="id")
            await self._wait((await fresh.update_settings(await self._settings_to_copy())).task_uid)
            async for batch in batches:
                if batch:
                    body = [document_of(doc) for doc in batch]
                    await self._wait((await fresh.add_documents(body, primary_key="id")).task_uid)
                    count += len(batch)
            await self._client.get_or_create_index(self._uid, primary_key="id")
            await self._wait((await self._client.swap_indexes([(self._uid, fresh_uid)])).task_uid)
            await self._client.delete_index_if_exists(fresh_uid)  # now holds the old documents
        self._engine_ready = True
        return count

    async def _settings_to_copy(self) -> MeilisearchSettings:
        """The code's settings with the live index's synonyms and stop words carried over."""
        try:
            live = await self._live.get_settings()
        except MeilisearchApiError as error:
            if not is_missing(error):
                raise
            return index_settings(IndexSettings())
        return engine_settings().model_copy(
            update={"synonyms": live.synonyms or {}, "stop_words": live.stop_words or []}
        )

    async def _wait(self, task_uid: int, *, missing_ok: bool = False) -> None:
        """Return once the task has succeeded (or failed only because the index does not exist yet)."""
        done = await self._client.wait_for_task(task_uid, timeout_in_ms=self._timeout_ms)
        error = done.error or {}
        if done.status == "failed" and not (missing_ok and error.get("code") == "index_not_found"):
            raise MeilisearchTaskFailedError(f"task {task_uid}: {error.get('code')}: {error.get('message')}")
