"""Searching: shoppers' searches and autocomplete, answered by the index and logged."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import msgspec

from core.validation import Findings
from domains.search.messages import (
    MAX_PREFIX_LENGTH,
    MAX_SUGGESTIONS,
    Autocomplete,
    AutocompleteReply,
    Search,
    SearchReply,
)
from domains.search.model import (
    Boost,
    SearchRequest,
    ranked_suggestions,
    unfit_text,
    validate,
    without_format,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.search.ports import SearchDeps


async def search(query: Search, deps: SearchDeps) -> SearchReply:
    boost = await deps.store.boost_for(query.customer_id) if query.customer_id else Boost()
    filters = query.filters
    if query.document_type == "content":
        filters = msgspec.structs.replace(filters, published_before=datetime.now(UTC))
    request = validate(
        SearchRequest(
            q=query.q,
            type=query.document_type,
            filters=filters,
            facets=query.facets,
            sort=query.sort,
            limit=query.limit,
            offset=query.offset,
            boost=boost,
        )
    )
    result = await deps.index.search(request)
    query_id = uuid.uuid4()
    async with deps.uow() as uow:
        await deps.store.log_query(query_id, request, result.total, query.customer_id)
        await uow.commit()
    return SearchReply(
        hits=[hit.document for hit in result.hits],
        facets=result.facets,
        total=result.total,
        query_id=query_id,
    )


async def autocomplete(query: Autocomplete, deps: SearchDeps) -> AutocompleteReply:
    found = Findings()
    prefix = found.text(without_format(query.q), "q", longest=MAX_PREFIX_LENGTH, required=False)
    if unfit_text(prefix):
        found.add("q", "holds a character text cannot hold")
    if not 1 <= query.limit <= MAX_SUGGESTIONS:
        found.add("limit", f"between 1 and {MAX_SUGGESTIONS}")
    found.raise_any("the autocomplete request is not valid")
    if not prefix:
        return AutocompleteReply(suggestions=[])
    completions = await deps.index.suggest(prefix, limit=query.limit)
    popular = await deps.store.popular_queries(prefix, limit=query.limit)
    return AutocompleteReply(suggestions=ranked_suggestions(completions, popular, query.limit))


HANDLERS: dict[type[Message], Handler] = {Search: search, Autocomplete: autocomplete}
