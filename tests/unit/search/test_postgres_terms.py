"""How the PostgreSQL adapter turns folded query text into a tsquery: pure rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.search.postgres_terms import (
    CompiledSettings,
    Term,
    compile_settings,
    corrections,
    pinned_ids,
    terms,
    tsquery_text,
    typo_budget,
    typo_distance,
    with_corrections,
    with_synonyms,
)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("iphone", "iphone", 0),
        ("iphnoe", "iphone", 1),
        ("macbok", "macbook", 1),
        ("espressso", "espresso", 1),
        ("couch", "pouch", 1),
        ("sofa", "couch", 4),
        ("", "abc", 3),
        ("ab", "ba", 1),
    ],
)
def test_a_swap_of_neighbours_is_one_typo(a: str, b: str, distance: int) -> None:
    assert typo_distance(a, b) == distance
    assert typo_distance(b, a) == distance


@pytest.mark.parametrize(
    ("word", "budget"), [("sofa", 0), ("couch", 1), ("espresso", 1), ("chesterfield", 2), ("s24ultra", 0)]
)
def test_long_words_forgive_more_typos_and_numbers_none(word: str, budget: int) -> None:
    assert typo_budget(word) == budget


def test_short_words_can_be_forgiven_sooner_when_asked() -> None:
    assert typo_budget("prme", one_typo_from=4) == 1


def test_corrections_keep_only_words_within_the_budget_closest_first() -> None:
    term = Term("espressso", budget=2)
    assert corrections(term, ["espresso", "nespresso", "express", "espressso"]) == ["espresso", "nespresso"]


def test_a_prefix_is_corrected_against_the_start_of_longer_words() -> None:
    assert corrections(Term("samsnu", prefix=True, budget=1), ["samsung"]) == ["samsung"]
    assert corrections(Term("samsnu", budget=1), ["samsung"]) == []


def test_terms_drop_stop_words_and_complete_the_last_word() -> None:
    found = terms("the couch for the living", CompiledSettings(stop_words=["the", "for"]), prefix_last=True)
    assert [(t.word, t.prefix) for t in found] == [("couch", False), ("living", True)]


def test_suggestions_keep_a_last_word_that_may_still_grow() -> None:
    found = terms("the", CompiledSettings(stop_words=["the"]), prefix_last=True, keep_last=True)
    assert [t.word for t in found] == ["the"]


def test_a_query_of_stop_words_alone_browses() -> None:
    assert terms("the for", CompiledSettings(stop_words=["the", "for"]), prefix_last=True) == []


def test_synonyms_widen_a_word_to_its_whole_group() -> None:
    groups = [[["sofa"], ["couch"], ["settee"]], [["tv"], ["television"]]]
    term = with_synonyms(Term("couch"), groups)
    assert term.phrases() == (("couch",), ("sofa",), ("settee",))


def test_synonyms_apply_to_corrected_words_too() -> None:
    corrected = with_corrections(Term("couhc", budget=1), ["couch"])
    assert ("sofa",) in with_synonyms(corrected, [[["sofa"], ["couch"]]]).phrases()


def test_tsquery_text_ands_terms_ors_alternatives_and_marks_the_prefix() -> None:
    found = [Term("samsnug", alternatives=(("samsung",),)), Term("gal", prefix=True)]
    assert tsquery_text(found) == "('samsnug' | 'samsung') & 'gal':*"
    assert tsquery_text(found, weight="A") == "('samsnug':A | 'samsung':A) & 'gal':*A"


def test_a_phrase_synonym_needs_all_its_words() -> None:
    term = Term("tv", prefix=True, alternatives=(("smart", "television"),))
    assert tsquery_text([term]) == "('tv':* | ('smart' & 'television':*))"


@given(st.text(max_size=200))
def test_any_text_makes_a_tsquery_of_plain_quoted_words(text: str) -> None:
    folded = text.lower()
    query = tsquery_text(terms(folded, CompiledSettings(), prefix_last=True))
    assert "''" not in query
    assert all(part.isalnum() for part in re.findall(r"'([^']*)'", query))


def test_settings_are_folded_and_tidied() -> None:
    fold = {"Sofa": "sofa", "Couch ": "couch ", "Sofa ": "sofa ", "THE": "the", "Café": "cafe", "!!": "!!"}
    compiled = compile_settings(
        [["Sofa", "Couch ", "Sofa "], ["!!", "Sofa"]], ["THE"], {"Café": ["p1", "p2"], "!!": ["p3"]}, fold
    )
    assert compiled == CompiledSettings(
        synonyms=[[["sofa"], ["couch"]]], stop_words=["the"], pinned={"cafe": ["p1", "p2"]}
    )


def test_pins_match_the_query_words_whatever_the_spacing() -> None:
    settings = CompiledSettings(pinned={"coffee beans": ["p1"]})
    assert pinned_ids("  coffee   beans ", settings) == ["p1"]
    assert pinned_ids("coffee", settings) == []
