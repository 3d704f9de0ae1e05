"""What the search engines index and answer, independent of any engine.

A document is one product or one piece of content. A request is validated
here, once, so every engine adapter receives only known filters, facets and
sorts, and no adapter ever interpolates raw user input.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

import msgspec

from core.errors import FieldError, Invalid

DocumentType = Literal["product", "content"]
Sort = Literal["relevance", "price_asc", "price_desc", "newest", "popularity"]

FACETS = ("brand", "category", "price", "in_stock", "type")
MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100


class SearchDocument(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    type: DocumentType = "product"
    slug: str
    title: str
    description: str = ""
    brand: str | None = None
    brand_slug: str | None = None
    category: str | None = None
    category_slugs: list[str] = []
    price: int | None = None  # lowest variant price, minor units
    currency: str | None = None
    in_stock: bool = True
    attributes: dict[str, str] = {}
    popularity: int = 0
    published_at: datetime | None = None
    image_url: str | None = None


class Filters(msgspec.Struct, frozen=True, kw_only=True):
    category: str | None = None  # a category slug; matches products in it or below it
    brand: str | None = None  # a brand slug
    min_price: int | None = None
    max_price: int | None = None
    in_stock: bool | None = None
    attributes: dict[str, str] = {}
    published_before: datetime | None = None  # set by the search domain: content goes live at publish time


class Boost(msgspec.Struct, frozen=True, kw_only=True):
    """Personalisation: favour these categories and brands (e.g. recently viewed)."""

    categories: list[str] = []
    brands: list[str] = []


class SearchRequest(msgspec.Struct, frozen=True, kw_only=True):
    q: str = ""
    type: DocumentType = "product"
    filters: Filters = Filters()
    facets: list[str] = []
    sort: Sort = "relevance"
    limit: int = 20
    offset: int = 0
    boost: Boost = Boost()


class Hit(msgspec.Struct, frozen=True, kw_only=True):
    document: SearchDocument
    score: float = 0.0


class FacetValue(msgspec.Struct, frozen=True, kw_only=True):
    value: str  # brand/category slug, price bucket "lower-upper", "true"/"false"
    count: int
    label: str | None = None  # brand/category display name


class SearchResult(msgspec.Struct, frozen=True, kw_only=True):
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = {}


class Suggestions(msgspec.Struct, frozen=True, kw_only=True):
    products: list[str] = []
    categories: list[str] = []
    brands: list[str] = []


class IndexSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What staff tune: synonyms (each group is mutually equivalent), stop words, pins."""

    synonyms: list[list[str]] = []
    stop_words: list[str] = []
    pinned: dict[str, list[str]] = {}  # normalised query -> document ids shown first


# Price facet buckets, in minor units: [lower, upper) ; None = open.
PRICE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 2_000),
    (2_000, 5_000),
    (5_000, 10_000),
    (10_000, 25_000),
    (25_000, 50_000),
    (50_000, None),
)


def price_bucket_label(lower: int, upper: int | None) -> str:
    return f"{lower}-{upper}" if upper is not None else f"{lower}-"


MAX_OFFSET = 10_000
ATTRIBUTE_KEY = re.compile(r"[a-z0-9_]{1,40}")


def matches_nothing(q: str) -> bool:
    """A query of characters none of which is a letter or digit ("!!!") has nothing to match."""
    return bool(q.strip()) and not any(char.isalnum() for char in q)


def nothing_found(request: SearchRequest) -> SearchResult:
    return SearchResult(hits=[], total=0, facets={name: [] for name in request.facets})


def normalise(q: str) -> str:
    """How queries are compared in analytics and pins: trimmed, lower case, single spaces."""
    return " ".join(q.lower().split())


def validate(request: SearchRequest) -> SearchRequest:
    """Refuse what no engine should see; name every bad field."""
    problems: list[FieldError] = []
    if len(request.q) > MAX_QUERY_LENGTH:
        problems.append(FieldError("q", f"at most {MAX_QUERY_LENGTH} characters"))
    problems += [
        FieldError("facets", f"unknown facet {name!r}") for name in request.facets if name not in FACETS
    ]
    if not 1 <= request.limit <= MAX_LIMIT:
        problems.append(FieldError("limit", f"between 1 and {MAX_LIMIT}"))
    if not 0 <= request.offset <= MAX_OFFSET:
        problems.append(FieldError("offset", f"between 0 and {MAX_OFFSET}"))
    problems += _filter_problems(request.filters)
    if problems:
        raise Invalid("the search request is not valid", errors=problems)
    return msgspec.structs.replace(request, q=request.q.strip(), facets=list(dict.fromkeys(request.facets)))


def _filter_problems(filters: Filters) -> list[FieldError]:
    problems = [
        FieldError(name, "must not be negative")
        for name, value in (("min_price", filters.min_price), ("max_price", filters.max_price))
        if value is not None and value < 0
    ]
    if (
        filters.min_price is not None
        and filters.max_price is not None
        and filters.min_price > filters.max_price
    ):
        problems.append(FieldError("min_price", "must not exceed max_price"))
    problems += [
        FieldError(f"attributes.{key}", "attribute names are lower-case letters, digits and _")
        for key in filters.attributes
        if not ATTRIBUTE_KEY.fullmatch(key)
    ]
    return problems
