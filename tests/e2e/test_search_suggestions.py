"""Autocomplete's popular searches and what matching ignores, over HTTP on PostgreSQL."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_search import shop
from tests.support.problems import assert_problem

__all__ = ["shop"]


async def queries_suggested(client: Any, typed: str) -> list[str]:
    body = (await client.get("/search/autocomplete", params={"q": typed})).json()
    return [s["text"] for s in body["suggestions"] if s["kind"] == "query"]


async def test_one_search_of_any_text_is_no_suggestion_and_repeated_ones_show_as_words(client, shop) -> None:
    for q in ("s24 <<<--->>> !!!", "s24 ://////", "s24 @@@ ### $$$", "%s24"):
        assert (await client.get("/search", params={"q": q})).json()["total"] == 1
    await client.get("/search", params={"q": "Galaxy   S24!"})
    await client.get("/search", params={"q": "galaxy s24"})

    assert await queries_suggested(client, "s2") == ["s24"]
    assert await queries_suggested(client, "gal") == ["galaxy s24"]
    assert await queries_suggested(client, "%") == []


async def test_a_single_search_is_not_suggested(client, shop) -> None:
    await client.get("/search", params={"q": "galaxy phone"})

    assert await queries_suggested(client, "galaxy") == []


async def test_invisible_format_characters_are_ignored_by_search_and_the_shop_listing(client, shop) -> None:
    for q in ("gal\u200baxy", "gal\u00adaxy", "galaxy\ufeff"):
        assert (await client.get("/search", params={"q": q})).json()["total"] == 1
        listed = (await client.get("/products", params={"q": q})).json()["items"]
        assert [p["name"] for p in listed] == ["Samsung Galaxy S24"]


async def test_autocomplete_refuses_a_nul_character_naming_q(client) -> None:
    for path in ("/search/autocomplete", "/search"):
        assert_problem(await client.get(path, params={"q": "ab\x00c"}), 422, "q")
