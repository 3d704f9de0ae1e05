"""Staff tuning and shoppers' signals, handled over the fake unit of work."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Invalid, NotFound
from domains.search.handlers.searching import autocomplete, search
from domains.search.handlers.signals import get_report, record_click
from domains.search.handlers.tuning import configure
from domains.search.messages import (
    Autocomplete,
    ConfigureSearch,
    Filters,
    GetSearchReport,
    IndexSettings,
    RecordClick,
    Search,
    SearchDocument,
    SearchSettingsChanged,
)
from tests.unit.search.fakes import World


def fields_of(error: Invalid) -> list[str]:
    return [e.field for e in error.errors]


async def test_changed_settings_are_cleaned_stored_applied_and_announced_in_one_commit() -> None:
    world = World()
    settings = await configure(
        ConfigureSearch(synonyms=[["Sofa", "couch", "sofa"]], stop_words=["The", "the"]), world.deps
    )
    assert settings == IndexSettings(synonyms=[["couch", "sofa"]], stop_words=["the"])
    assert world.store.saved == settings
    assert world.index.configured == [settings]
    assert [e.settings for e in world.uow.of_type(SearchSettingsChanged)] == [settings]  # type: ignore[attr-defined]
    assert world.uow.commits == 1


async def test_a_field_left_out_keeps_its_current_value() -> None:
    world = World()
    await configure(ConfigureSearch(stop_words=["and"]), world.deps)
    settings = await configure(ConfigureSearch(pinned={" Red  Shoes ": ["a", "a", "b"]}), world.deps)
    assert settings == IndexSettings(stop_words=["and"], pinned={"red shoes": ["a", "b"]})


async def test_bad_settings_name_every_bad_field_and_change_nothing() -> None:
    world = World()
    with pytest.raises(Invalid) as refused:
        await configure(
            ConfigureSearch(
                synonyms=[["couch", "sofa"], ["lonely", "LONELY"]],
                stop_words=["ok", " "],
                pinned={"shoes": [str(i) for i in range(21)]},
            ),
            world.deps,
        )
    assert fields_of(refused.value) == ["synonyms[1]", "stop_words[1]", "pinned.shoes"]
    assert (world.store.saved, world.index.configured, world.uow.committed) == (IndexSettings(), [], [])


async def test_a_search_names_every_bad_field_at_once() -> None:
    world = World()
    bad = Search(
        q="x" * 201, facets=["brand", "colour"], filters=Filters(min_price=500, max_price=100), limit=0
    )
    with pytest.raises(Invalid) as refused:
        await search(bad, world.deps)
    assert fields_of(refused.value) == ["q", "facets", "limit", "min_price"]
    assert world.store.queries == {}


async def test_a_negative_price_filter_is_refused() -> None:
    with pytest.raises(Invalid) as refused:
        await search(Search(filters=Filters(min_price=-1)), World().deps)
    assert fields_of(refused.value) == ["min_price"]


async def test_a_search_is_logged_and_a_click_on_its_result_is_recorded() -> None:
    world = World()
    await world.index.upsert([SearchDocument(id="p1", slug="linen-shirt", title="Linen shirt")])
    reply = await search(Search(q=" linen "), world.deps)
    assert [hit.id for hit in reply.hits] == ["p1"]
    assert world.store.queries == {reply.query_id: "linen"}
    await record_click(RecordClick(query_id=reply.query_id, document_id="p1", position=0), world.deps)
    assert world.store.clicks == [(reply.query_id, "p1")]


async def test_a_click_on_an_unknown_search_is_not_found_and_a_long_document_id_is_invalid() -> None:
    world = World()
    with pytest.raises(NotFound):
        await record_click(RecordClick(query_id=uuid4(), document_id="p1"), world.deps)
    with pytest.raises(Invalid) as refused:
        await record_click(RecordClick(query_id=uuid4(), document_id="x" * 65, position=-1), world.deps)
    assert fields_of(refused.value) == ["document_id", "position"]


async def test_autocomplete_lists_each_suggestion_once_and_refuses_a_long_prefix() -> None:
    world = World()
    await world.index.upsert([SearchDocument(id="p1", slug="galaxy", title="Galaxy S24")])
    world.store.queries = {uuid4(): "galaxy s24", uuid4(): "galaxy tab"}
    reply = await autocomplete(Autocomplete(q="gal"), world.deps)
    assert [(s.text, s.kind) for s in reply.suggestions] == [
        ("Galaxy S24", "product"),
        ("galaxy tab", "query"),
    ]
    with pytest.raises(Invalid) as refused:
        await autocomplete(Autocomplete(q="g" * 101), world.deps)
    assert fields_of(refused.value) == ["q"]


async def test_a_report_window_out_of_range_names_the_field() -> None:
    with pytest.raises(Invalid) as refused:
        await get_report(GetSearchReport(days=367, limit=0), World().deps)
    assert fields_of(refused.value) == ["days", "limit"]
