"""Tuning: the synonyms, stop words and pinned results staff set."""

from __future__ import annotations

import msgspec

from core.messages import Command, Event, Query, declared

MAX_PINNED = 20  # results pinned to one query
MAX_WORDS = 1000  # synonym groups, and stop words, in one settings document
MAX_WORD_LENGTH = 60


class IndexSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What staff tune: synonyms (each group is mutually equivalent), stop words, pins."""

    synonyms: list[list[str]] = []
    stop_words: list[str] = []
    pinned: dict[str, list[str]] = {}  # normalised query -> document ids shown first


class GetSearchSettings(Query[IndexSettings], frozen=True, kw_only=True, tag="search.GetSearchSettings"):
    pass


class ConfigureSearch(Command[IndexSettings], frozen=True, kw_only=True, tag="search.ConfigureSearch"):
    """Change the settings; a field left None keeps its current value."""

    key_field = "scope"
    scope: str = "settings"
    synonyms: list[list[str]] | None = None
    stop_words: list[str] | None = None
    pinned: dict[str, list[str]] | None = None


class SearchSettingsChanged(Event, frozen=True, kw_only=True, tag="search.SearchSettingsChanged"):
    key_field = "scope"
    scope: str = "settings"
    settings: IndexSettings


COMMANDS, QUERIES, EVENTS = declared(globals())
