"""The search domain's public contract, by aggregate: the ``index``, its ``tuning``, shoppers' ``signals``.

Other domains import this package and nothing else of search. Prices are
integers of minor units; the limits below are what the search domain enforces.
"""

from __future__ import annotations

from domains.search.messages import index, signals, tuning
from domains.search.messages.index import (
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PREFIX_LENGTH,
    MAX_QUERY_LENGTH,
    MAX_SUGGESTIONS,
    Autocomplete,
    AutocompleteReply,
    DocumentType,
    Facet,
    FacetValue,
    Filters,
    IndexRebuilt,
    RebuildIndex,
    Search,
    SearchDocument,
    SearchReply,
    Sort,
    Suggestion,
    SuggestionKind,
)
from domains.search.messages.signals import (
    MAX_REPORT_DAYS,
    MAX_REPORT_ROWS,
    Boost,
    GetBoost,
    GetSearchReport,
    QueryCount,
    RecordClick,
    RecordView,
    SearchReport,
)
from domains.search.messages.tuning import (
    MAX_PINNED,
    MAX_WORD_LENGTH,
    MAX_WORDS,
    ConfigureSearch,
    GetSearchSettings,
    IndexSettings,
    SearchSettingsChanged,
)

COMMANDS = (*index.COMMANDS, *tuning.COMMANDS, *signals.COMMANDS)
QUERIES = (*index.QUERIES, *tuning.QUERIES, *signals.QUERIES)
EVENTS = (*index.EVENTS, *tuning.EVENTS, *signals.EVENTS)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_PINNED",
    "MAX_PREFIX_LENGTH",
    "MAX_QUERY_LENGTH",
    "MAX_REPORT_DAYS",
    "MAX_REPORT_ROWS",
    "MAX_SUGGESTIONS",
    "MAX_WORDS",
    "MAX_WORD_LENGTH",
    "MESSAGES",
    "QUERIES",
    "Autocomplete",
    "AutocompleteReply",
    "Boost",
    "ConfigureSearch",
    "DocumentType",
    "Facet",
    "FacetValue",
    "Filters",
    "GetBoost",
    "GetSearchReport",
    "GetSearchSettings",
    "IndexRebuilt",
    "IndexSettings",
    "QueryCount",
    "RebuildIndex",
    "RecordClick",
    "RecordView",
    "Search",
    "SearchDocument",
    "SearchReply",
    "SearchReport",
    "SearchSettingsChanged",
    "Sort",
    "Suggestion",
    "SuggestionKind",
]
