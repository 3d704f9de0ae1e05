"""The index: what is searched (documents), the searches shoppers make, and rebuilding it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query, declared

DocumentType = Literal["product", "content"]
Sort = Literal["relevance", "price_asc", "price_desc", "newest", "popularity"]
Facet = Literal["brand", "category", "price", "in_stock", "type"]
SuggestionKind = Literal["product", "category", "brand", "query"]

MAX_QUERY_LENGTH = 200
MAX_PREFIX_LENGTH = 100
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_SUGGESTIONS = 20


class SearchDocument(msgspec.Struct, frozen=True, kw_only=True):
    """One product or one piece of content as the index holds it; ``price`` is in minor units."""

    id: str
    type: DocumentType = "product"
    slug: str
    title: str
    description: str = ""
    brand: str | None = None
    brand_slug: str | None = None
    category: str | None = None
    category_slugs: list[str] = []
    price: int | None = None  # lowest variant price
    currency: str | None = None
    in_stock: bool = True
    attributes: dict[str, str] = {}
    popularity: int = 0
    published_at: datetime | None = None
    image_url: str | None = None


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    category: str | None = None  # a category slug; matches products in it or below it
    brand: str | None = None  # a brand slug
    min_price: int | None = None  # minor units
    max_price: int | None = None
    in_stock: bool | None = None
    attributes: dict[str, str] = {}
    published_before: datetime | None = None  # set by the search domain: content goes live at publish time


class FacetValue(msgspec.Struct, frozen=True, kw_only=True):
    value: str  # brand/category slug, price bucket "lower-upper", "true"/"false"
    count: int
    label: str | None = None  # brand/category display name


class SearchReply(msgspec.Struct, frozen=True, kw_only=True):
    hits: list[SearchDocument]
    facets: dict[str, list[FacetValue]]
    total: int
    query_id: UUID


class Suggestion(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    kind: SuggestionKind


class AutocompleteReply(msgspec.Struct, frozen=True, kw_only=True):
    suggestions: list[Suggestion]


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


class RebuildIndex(Command[int], frozen=True, kw_only=True, tag="search.RebuildIndex"):
    """Rebuild the index from catalogue and CMS snapshots beside the live one, then swap."""

    key_field = "scope"
    scope: str = "index"


class IndexRebuilt(Event, frozen=True, kw_only=True, tag="search.IndexRebuilt"):
    key_field = "scope"
    scope: str = "index"
    documents: int


COMMANDS, QUERIES, EVENTS = declared(globals())
