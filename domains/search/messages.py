"""The search domain's public contract."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query
from domains.search.model import (
    Boost,
    DocumentType,
    FacetValue,
    Filters,
    IndexSettings,
    SearchDocument,
    Sort,
)


class SearchReply(msgspec.Struct, frozen=True, kw_only=True):
    hits: list[SearchDocument]
    facets: dict[str, list[FacetValue]]
    total: int
    query_id: UUID


class Suggestion(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    kind: str  # "product" | "category" | "brand" | "query"


class AutocompleteReply(msgspec.Struct, frozen=True, kw_only=True):
    suggestions: list[Suggestion]


class QueryCount(msgspec.Struct, frozen=True, kw_only=True):
    query: str
    searches: int
    clicks: int = 0
    previous: int = 0


class SearchReport(msgspec.Struct, frozen=True, kw_only=True):
    since: datetime
    until: datetime
    searches: int
    clicks: int
    click_through_rate: float
    top_queries: list[QueryCount]
    zero_result_queries: list[QueryCount]
    trending_queries: list[QueryCount]


class Search(Query[SearchReply], frozen=True, kw_only=True, tag="search.Search"):
    q: str = ""
    document_type: DocumentType = "product"
    filters: Filters = Filters()
    facets: list[str] = []
    sort: Sort = "relevance"
    limit: int = 20
    offset: int = 0
    customer_id: str | None = None


class Autocomplete(Query[AutocompleteReply], frozen=True, kw_only=True, tag="search.Autocomplete"):
    q: str
    limit: int = 8


class RecordClick(Command[None], frozen=True, kw_only=True, tag="search.RecordClick"):
    query_id: UUID
    document_id: str
    position: int | None = None
    customer_id: str | None = None


class RecordView(Command[None], frozen=True, kw_only=True, tag="search.RecordView"):
    """A signed-in customer looked at a product: feeds personalised boosts."""

    key_field = "customer_id"
    customer_id: str
    document_id: str


class GetBoost(Query[Boost], frozen=True, kw_only=True, tag="search.GetBoost"):
    customer_id: str


class GetSearchSettings(Query[IndexSettings], frozen=True, kw_only=True, tag="search.GetSearchSettings"):
    pass


class ConfigureSearch(Command[IndexSettings], frozen=True, kw_only=True, tag="search.ConfigureSearch"):
    key_field = "scope"
    scope: str = "settings"
    synonyms: list[list[str]] | None = None
    stop_words: list[str] | None = None
    pinned: dict[str, list[str]] | None = None


class RebuildIndex(Command[int], frozen=True, kw_only=True, tag="search.RebuildIndex"):
    """Rebuild the index from catalogue and CMS snapshots beside the live one, then swap."""

    key_field = "scope"
    scope: str = "index"


class GetSearchReport(Query[SearchReport], frozen=True, kw_only=True, tag="search.GetSearchReport"):
    days: int = 7
    limit: int = 20


class IndexRebuilt(Event, frozen=True, kw_only=True, tag="search.IndexRebuilt"):
    key_field = "scope"
    scope: str = "index"
    documents: int


class SearchSettingsChanged(Event, frozen=True, kw_only=True, tag="search.SearchSettingsChanged"):
    key_field = "scope"
    scope: str = "settings"
    settings: IndexSettings


MESSAGES = (
    Search,
    Autocomplete,
    RecordClick,
    RecordView,
    GetBoost,
    GetSearchSettings,
    ConfigureSearch,
    RebuildIndex,
    GetSearchReport,
    IndexRebuilt,
    SearchSettingsChanged,
)
