"""Tuning: the synonyms, stop words and pinned results staff set, and their rules. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from core.validation import Findings
from domains.search.messages import MAX_PINNED, MAX_WORDS, IndexSettings, SearchSettingsChanged
from domains.search.model.index import normalise

if TYPE_CHECKING:
    from core.messages import Event


@dataclass
class SearchTuning:
    """The shop's one set of search settings; each change raises ``SearchSettingsChanged``."""

    settings: IndexSettings = field(default_factory=IndexSettings)
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def change(
        self,
        *,
        synonyms: list[list[str]] | None = None,
        stop_words: list[str] | None = None,
        pinned: dict[str, list[str]] | None = None,
    ) -> IndexSettings:
        """Replace the fields given (None keeps one), cleaned; Invalid naming each bad field."""
        current = self.settings
        self.settings = checked_settings(
            IndexSettings(
                synonyms=current.synonyms if synonyms is None else synonyms,
                stop_words=current.stop_words if stop_words is None else stop_words,
                pinned=current.pinned if pinned is None else pinned,
            )
        )
        self.events.append(SearchSettingsChanged(settings=self.settings))
        return self.settings


def checked_settings(settings: IndexSettings) -> IndexSettings:
    """Settings with words normalised and deduplicated; Invalid naming each bad field."""
    found = Findings()
    found.at_most(settings.synonyms, MAX_WORDS, "synonyms")
    found.at_most(settings.stop_words, MAX_WORDS, "stop_words")
    for i, group in enumerate(settings.synonyms):
        if len(_words(group)) < 2:
            found.add(f"synonyms[{i}]", "a group needs at least two different words")
    for i, word in enumerate(settings.stop_words):
        if not word.strip():
            found.add(f"stop_words[{i}]", "words must not be blank")
    for q, ids in settings.pinned.items():
        found.at_most(ids, MAX_PINNED, f"pinned.{q}")
    found.raise_any("the search settings are not valid")
    return IndexSettings(
        synonyms=[sorted(_words(group)) for group in settings.synonyms],
        stop_words=sorted(_words(settings.stop_words)),
        pinned={normalise(q): list(dict.fromkeys(ids)) for q, ids in settings.pinned.items() if normalise(q)},
    )


def _words(words: list[str]) -> set[str]:
    return {normalise(w) for w in words if w.strip()}
