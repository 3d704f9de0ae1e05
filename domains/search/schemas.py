"""The search routes' HTTP shapes, with the limits the server enforces written as ``msgspec.Meta``.

The query parameters of ``GET /search`` are refused with 422 naming the field
by the search domain itself; ``FACET_LIST`` and the ``MAX_*`` limits document
them in OpenAPI.
"""

from __future__ import annotations

from typing import Annotated, get_args
from uuid import UUID

import msgspec

from core.controllers import Body
from domains.search.messages import (
    MAX_PINNED,
    MAX_QUERY_LENGTH,
    MAX_WORD_LENGTH,
    MAX_WORDS,
    Facet,
    FacetValue,
    SearchDocument,
)

MAX_DOCUMENT_ID = 64
MAX_GROUP = 50  # words in one synonym group
FACET_NAMES: tuple[str, ...] = get_args(Facet)  # FacetCounts has one field for each
_ONE_FACET = "|".join(FACET_NAMES)
FACET_LIST = rf"^(({_ONE_FACET})(,({_ONE_FACET}))*)?$"

Word = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_WORD_LENGTH)]
DocumentId = Annotated[
    str, msgspec.Meta(min_length=1, max_length=MAX_DOCUMENT_ID, pattern=r"\S", description="not blank")
]
PinnedQuery = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_QUERY_LENGTH)]
SynonymGroup = Annotated[
    list[Word], msgspec.Meta(max_length=MAX_GROUP, description="at least two different words")
]
Pins = Annotated[list[DocumentId], msgspec.Meta(max_length=MAX_PINNED)]


class SettingsBody(Body, frozen=True, kw_only=True):
    """Omitted fields keep their current value."""

    synonyms: Annotated[list[SynonymGroup], msgspec.Meta(max_length=MAX_WORDS)] | None = None
    stop_words: Annotated[list[Word], msgspec.Meta(max_length=MAX_WORDS)] | None = None
    pinned: (
        Annotated[
            dict[PinnedQuery, Pins],
            msgspec.Meta(max_length=MAX_WORDS, description="query -> document ids shown first"),
        ]
        | None
    ) = None


class ClickBody(Body, frozen=True, kw_only=True):
    query_id: Annotated[UUID, msgspec.Meta(description="`query_id` of the search the result came from")]
    document_id: DocumentId
    position: Annotated[int, msgspec.Meta(ge=0)] | None = None


class ViewBody(Body, frozen=True, kw_only=True):
    document_id: DocumentId


class FacetCounts(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The counts of the facets asked for (``facets=``); the others are left out."""

    brand: list[FacetValue] | None = None
    category: list[FacetValue] | None = None
    price: list[FacetValue] | None = None
    in_stock: list[FacetValue] | None = None
    type: list[FacetValue] | None = None


class SearchResults(msgspec.Struct, frozen=True, kw_only=True):
    """A page of hits and the facet counts asked for."""

    hits: list[SearchDocument]
    facets: FacetCounts
    total: int
    query_id: UUID


class Rebuilt(msgspec.Struct, frozen=True, kw_only=True):
    documents: int
