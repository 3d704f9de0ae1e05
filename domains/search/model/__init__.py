"""The search domain's model, by aggregate: searching the ``index`` and its ``tuning``. No I/O.

The documents, filters and settings are part of the public contract
(``domains.search.messages``); they are re-exported here, beside the engine-side
request and result types, for the engine adapters.
"""

from __future__ import annotations

from domains.search.messages import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_QUERY_LENGTH,
    Boost,
    DocumentType,
    FacetValue,
    Filters,
    IndexSettings,
    SearchDocument,
    Sort,
)
from domains.search.model.index import (
    ATTRIBUTE_KEY,
    FACETS,
    PRICE_BUCKETS,
    Hit,
    SearchRequest,
    SearchResult,
    Suggestions,
    matches_nothing,
    normalise,
    nothing_found,
    popular,
    price_bucket_label,
    ranked_suggestions,
    unfit_text,
    validate,
    without_format,
    words,
)
from domains.search.model.tuning import SearchTuning, checked_settings

__all__ = [
    "ATTRIBUTE_KEY",
    "FACETS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_QUERY_LENGTH",
    "PRICE_BUCKETS",
    "Boost",
    "DocumentType",
    "FacetValue",
    "Filters",
    "Hit",
    "IndexSettings",
    "SearchDocument",
    "SearchRequest",
    "SearchResult",
    "SearchTuning",
    "Sort",
    "Suggestions",
    "checked_settings",
    "matches_nothing",
    "normalise",
    "nothing_found",
    "popular",
    "price_bucket_label",
    "ranked_suggestions",
    "unfit_text",
    "validate",
    "without_format",
    "words",
]
