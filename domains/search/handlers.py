"""The search actor: queries answered by the index, the index fed by events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec

from core.errors import FieldError, Invalid, NotFound
from domains.search.indexing import snapshots
from domains.search.messages import (
    Autocomplete,
    AutocompleteReply,
    ConfigureSearch,
    GetBoost,
    GetSearchReport,
    GetSearchSettings,
    IndexRebuilt,
    RebuildIndex,
    RecordClick,
    RecordView,
    Search,
    SearchReply,
    SearchReport,
    SearchSettingsChanged,
    Suggestion,
)
from domains.search.model import Boost, IndexSettings, SearchRequest, normalise, validate
from domains.search.ports import SearchDeps

MAX_PREFIX = 100


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
    prefix = query.q.strip()
    if len(prefix) > MAX_PREFIX:
        raise Invalid("the prefix is too long", errors=[FieldError("q", f"at most {MAX_PREFIX} characters")])
    if not prefix:
        return AutocompleteReply(suggestions=[])
    found = await deps.index.suggest(prefix, limit=query.limit)
    popular = await deps.store.popular_queries(prefix, limit=query.limit)
    ranked = [
        *(Suggestion(text=t, kind="product") for t in found.products),
        *(Suggestion(text=t, kind="category") for t in found.categories),
        *(Suggestion(text=t, kind="brand") for t in found.brands),
        *(Suggestion(text=t, kind="query") for t in popular),
    ]
    seen: set[str] = set()
    unique: list[Suggestion] = []
    for suggestion in ranked:
        if normalise(suggestion.text) not in seen:
            seen.add(normalise(suggestion.text))
            unique.append(suggestion)
    return AutocompleteReply(suggestions=unique[: query.limit * 2])


async def record_click(command: RecordClick, deps: SearchDeps) -> None:
    async with deps.uow() as uow:
        if not await deps.store.log_click(
            command.query_id, command.document_id, command.position, command.customer_id
        ):
            raise NotFound(f"no search {command.query_id}")
        await uow.commit()


async def record_view(command: RecordView, deps: SearchDeps) -> None:
    async with deps.uow() as uow:
        await deps.store.log_view(command.customer_id, command.document_id)
        await uow.commit()


async def get_boost(query: GetBoost, deps: SearchDeps) -> Boost:
    return await deps.store.boost_for(query.customer_id)


async def get_settings(query: GetSearchSettings, deps: SearchDeps) -> IndexSettings:
    return await deps.store.settings()


async def configure(command: ConfigureSearch, deps: SearchDeps) -> IndexSettings:
    current = await deps.store.settings()
    settings = checked_settings(
        IndexSettings(
            synonyms=current.synonyms if command.synonyms is None else command.synonyms,
            stop_words=current.stop_words if command.stop_words is None else command.stop_words,
            pinned=current.pinned if command.pinned is None else command.pinned,
        )
    )
    async with deps.uow() as uow:
        await deps.store.save_settings(settings)
        await deps.index.configure(settings)
        uow.add(SearchSettingsChanged(settings=settings))
        await uow.commit()
    return settings


def checked_settings(settings: IndexSettings) -> IndexSettings:
    problems = [
        FieldError(f"synonyms[{i}]", "a group needs at least two different words")
        for i, group in enumerate(settings.synonyms)
        if len({normalise(w) for w in group if w.strip()}) < 2
    ]
    problems += [
        FieldError("stop_words", "words must not be blank") for w in settings.stop_words if not w.strip()
    ]
    problems += [
        FieldError(f"pinned.{q}", "at most 20 pinned results")
        for q, ids in settings.pinned.items()
        if len(ids) > 20
    ]
    if problems:
        raise Invalid("the search settings are not valid", errors=problems)
    return IndexSettings(
        synonyms=[sorted({normalise(w) for w in group if w.strip()}) for group in settings.synonyms],
        stop_words=sorted({normalise(w) for w in settings.stop_words}),
        pinned={normalise(q): list(dict.fromkeys(ids)) for q, ids in settings.pinned.items() if normalise(q)},
    )


async def rebuild(command: RebuildIndex, deps: SearchDeps) -> int:
    count = await deps.index.rebuild(snapshots(deps.bus))
    await deps.index.configure(await deps.store.settings())
    async with deps.uow() as uow:
        uow.add(IndexRebuilt(documents=count))
        await uow.commit()
    return count


async def get_report(query: GetSearchReport, deps: SearchDeps) -> SearchReport:
    if not 1 <= query.days <= 366:
        raise Invalid("the window is out of range", errors=[FieldError("days", "between 1 and 366")])
    until = datetime.now(UTC)
    return await deps.store.report(until - timedelta(days=query.days), until, min(max(query.limit, 1), 100))


HANDLERS: dict[type[Any], Any] = {
    Search: search,
    Autocomplete: autocomplete,
    RecordClick: record_click,
    RecordView: record_view,
    GetBoost: get_boost,
    GetSearchSettings: get_settings,
    ConfigureSearch: configure,
    RebuildIndex: rebuild,
    GetSearchReport: get_report,
}
