"""Past searches as suggestions: counted by their words, suggested once searched often enough,
never as punctuation or invisible characters; text no store can hold is refused naming ``q``."""

from __future__ import annotations

import pytest

from core.errors import Invalid
from domains.search.handlers.searching import autocomplete
from domains.search.messages import Autocomplete
from domains.search.model import SearchRequest, popular, validate, words
from domains.search.model.index import MIN_SEARCHES_TO_SUGGEST
from tests.unit.search.fakes import World


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("iphone <<<--->>> !!!", "iphone"),
        ("iphone ://////", "iphone"),
        ("%iphone", "iphone"),
        ("  iPhone   15 Pro ", "iphone 15 pro"),
        ("i\u200bphone so\u00adfa", "iphone sofa"),
        ("crème brûlée", "crème brûlée"),
        ("!!! ... %", ""),
    ],
)
def test_a_query_is_suggested_as_its_words(typed: str, said: str) -> None:
    assert words(typed) == said


def test_one_search_of_any_text_is_no_suggestion() -> None:
    assert MIN_SEARCHES_TO_SUGGEST == 2
    assert popular([("iphone <<<--->>> !!!", 1), ("ipad", 1)], limit=8) == []


def test_searches_of_the_same_words_count_together_most_searched_first() -> None:
    counted = [("iphone", 1), ("iphone !!!", 1), ("iphone?", 1), ("iphone 15", 5), ("ipad", 2), ("ipod", 1)]

    assert popular(counted, limit=8) == ["iphone 15", "iphone", "ipad"]
    assert popular(counted, limit=2) == ["iphone 15", "iphone"]


def test_a_query_without_words_is_never_suggested_however_often_searched() -> None:
    assert popular([("!!!", 50), ("%", 9), ("\u200b", 9)], limit=8) == []


def test_a_search_ignores_invisible_format_characters() -> None:
    assert validate(SearchRequest(q="i\u200bphone\u00ad")).q == "iphone"


async def test_autocomplete_refuses_a_nul_character_naming_q_as_search_does() -> None:
    with pytest.raises(Invalid) as suggested:
        await autocomplete(Autocomplete(q="ab\x00c"), World().deps)
    with pytest.raises(Invalid) as searched:
        validate(SearchRequest(q="ab\x00c"))

    for refused in (suggested.value, searched.value):
        assert [(e.field, e.message) for e in refused.errors] == [("q", "holds a character text cannot hold")]
