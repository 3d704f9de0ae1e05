"""Searching the index: requests validated once, results, suggestions. No I/O.

A request is validated here, so every engine adapter receives only known
filters, facets and sorts, and no adapter ever interpolates raw user input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import get_args

import msgspec

from core.validation import Findings
from domains.search.messages import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    Boost,
    DocumentType,
    Facet,
    FacetValue,
    Filters,
    SearchDocument,
    Sort,
    Suggestion,
)

FACETS: tuple[str, ...] = get_args(Facet)
ATTRIBUTE_KEY = re.compile(r"[a-z0-9_]{1,40}")
WORD = re.compile(r"[^\W_]+")  # what the engines match on: runs of letters and digits
# A past query is suggested to every shopper only once searched this often (with hits): one
# visitor's single search, whatever text it holds, is no suggestion.
MIN_SEARCHES_TO_SUGGEST = 2

# Price facet buckets, in minor units: [lower, upper) ; None = open.
PRICE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 2_000),
    (2_000, 5_000),
    (5_000, 10_000),
    (10_000, 25_000),
    (25_000, 50_000),
    (50_000, None),
)


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


class SearchResult(msgspec.Struct, frozen=True, kw_only=True):
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = {}


class Suggestions(msgspec.Struct, frozen=True, kw_only=True):
    products: list[str] = []
    categories: list[str] = []
    brands: list[str] = []


def price_bucket_label(lower: int, upper: int | None) -> str:
    return f"{lower}-{upper}" if upper is not None else f"{lower}-"


def matches_nothing(q: str) -> bool:
    """A query of characters none of which is a letter or digit ("!!!") has nothing to match."""
    return bool(q.strip()) and not any(char.isalnum() for char in q)


def nothing_found(request: SearchRequest) -> SearchResult:
    return SearchResult(hits=[], total=0, facets={name: [] for name in request.facets})


def normalise(q: str) -> str:
    """How queries are compared in analytics and pins: trimmed, lower case, single spaces."""
    return " ".join(q.lower().split())


def without_format(text: str) -> str:
    """``text`` less Unicode format characters (zero-width space, soft hyphen...): invisible, they
    would split or glue words a shopper sees as one."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def unfit_text(text: str) -> bool:
    """Text no store can hold: a NUL character or a lone surrogate."""
    return "\x00" in text or any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def words(q: str) -> str:
    """The query as the engines match it: its words in lower case, punctuation left out."""
    return " ".join(WORD.findall(without_format(q).lower()))


def popular(counted: Iterable[tuple[str, int]], limit: int) -> list[str]:
    """Past queries worth suggesting, most searched first: counted by their words (``iphone!!!`` is
    ``iphone``), each searched at least ``MIN_SEARCHES_TO_SUGGEST`` times; none without a word."""
    searches: dict[str, int] = {}
    for query, count in counted:
        if said := words(query):
            searches[said] = searches.get(said, 0) + count
    ranked = sorted(searches.items(), key=lambda item: (-item[1], item[0]))
    return [query for query, count in ranked if count >= MIN_SEARCHES_TO_SUGGEST][:limit]


def validate(request: SearchRequest) -> SearchRequest:
    """Refuse what no engine should see; name every bad field."""
    found = Findings()
    q = found.text(without_format(request.q), "q", longest=MAX_QUERY_LENGTH, required=False)
    if unfit_text(q):
        found.add("q", "holds a character text cannot hold")
    for name in request.facets:
        if name not in FACETS:
            found.add("facets", f"unknown facet {name!r}; known: {', '.join(FACETS)}")
    if not 1 <= request.limit <= MAX_LIMIT:
        found.add("limit", f"between 1 and {MAX_LIMIT}")
    if not 0 <= request.offset <= MAX_OFFSET:
        found.add("offset", f"between 0 and {MAX_OFFSET}")
    _check_filters(request.filters, found)
    found.raise_any("the search request is not valid")
    return msgspec.structs.replace(request, q=q, facets=list(dict.fromkeys(request.facets)))


def _check_filters(filters: Filters, found: Findings) -> None:
    low, high = filters.min_price, filters.max_price
    for name, price in (("min_price", low), ("max_price", high)):
        if price is not None:
            found.amount(price, name)
    if low is not None and high is not None and low > high:
        found.add("min_price", "must not exceed max_price")
    for key in filters.attributes:
        if not ATTRIBUTE_KEY.fullmatch(key):
            found.add(f"attributes.{key}", "attribute names are lower-case letters, digits and _")


def ranked_suggestions(found: Suggestions, popular: list[str], limit: int) -> list[Suggestion]:
    """Products, then categories, brands and popular past searches; each text once, at most 2 x limit."""
    ranked = [
        *(Suggestion(text=t, kind="product") for t in found.products),
        *(Suggestion(text=t, kind="category") for t in found.categories),
        *(Suggestion(text=t, kind="brand") for t in found.brands),
        *(Suggestion(text=t, kind="query") for t in popular),
    ]
    first: dict[str, Suggestion] = {}
    for suggestion in ranked:
        first.setdefault(normalise(suggestion.text), suggestion)
    return list(first.values())[: limit * 2]
