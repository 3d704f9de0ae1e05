"""How a shopper's words become a PostgreSQL text query: pure rules, no I/O.

The text is folded (lower case, accents removed) by the database before it
reaches these functions. Every word that ends up in a tsquery string consists
only of letters and digits, so tsquery syntax can never be injected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import msgspec

WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12
MAX_CORRECTIONS = 4
ONE_TYPO_FROM = 5  # letters; shorter words must be typed exactly
TWO_TYPOS_FROM = 9

Phrase = tuple[str, ...]


class CompiledSettings(msgspec.Struct, frozen=True, kw_only=True):
    """IndexSettings with every word folded the way the documents are."""

    synonyms: list[list[list[str]]] = []  # group -> phrase -> words
    stop_words: list[str] = []
    pinned: dict[str, list[str]] = {}  # words joined by one space -> ids


@dataclass(frozen=True)
class Term:
    """One query word and everything it may match: itself, corrections, synonyms."""

    word: str
    prefix: bool = False
    budget: int = 0  # typos a correction may differ by
    alternatives: tuple[Phrase, ...] = field(default=())

    def phrases(self) -> tuple[Phrase, ...]:
        return ((self.word,), *self.alternatives)


def words(folded: str) -> list[str]:
    return WORD.findall(folded)


def typo_budget(word: str, *, one_typo_from: int = ONE_TYPO_FROM) -> int:
    if any(ch.isdigit() for ch in word) or len(word) < one_typo_from:
        return 0
    return 1 if len(word) < TWO_TYPOS_FROM else 2


def typo_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def corrections(term: Term, nearby: Iterable[str]) -> list[str]:
    """The vocabulary words within the term's typo budget, closest first."""
    budget = term.budget
    scored = []
    for candidate in nearby:
        distance = typo_distance(term.word, candidate)
        if term.prefix and len(candidate) > len(term.word):
            distance = min(distance, typo_distance(term.word, candidate[: len(term.word)]))
        if 0 < distance <= budget and candidate != term.word:
            scored.append((distance, candidate))
    return [candidate for _, candidate in sorted(scored)[:MAX_CORRECTIONS]]


def terms(
    folded: str,
    settings: CompiledSettings,
    *,
    prefix_last: bool,
    keep_last: bool = False,
    one_typo_from: int = ONE_TYPO_FROM,
) -> list[Term]:
    """The query's words without stop words; the last one completes as a prefix.

    ``keep_last`` keeps a last word that is a stop word: while typing, "the" may become "theatre".
    """
    found = words(folded)
    stop = set(settings.stop_words)
    kept = [w for i, w in enumerate(found) if w not in stop or (keep_last and i == len(found) - 1)]
    kept = kept[:MAX_TERMS]
    return [
        Term(
            word,
            prefix=prefix_last and i == len(kept) - 1,
            budget=typo_budget(word, one_typo_from=one_typo_from),
        )
        for i, word in enumerate(kept)
    ]


def with_corrections(term: Term, nearby: Iterable[str]) -> Term:
    found = tuple((word,) for word in corrections(term, nearby))
    return replace(term, alternatives=term.alternatives + found)


def with_synonyms(term: Term, groups: Sequence[Sequence[Sequence[str]]]) -> Term:
    """Add every phrase of each group holding one of the term's single-word phrases."""
    own = {phrase for phrase in term.phrases() if len(phrase) == 1}
    extra: list[Phrase] = []
    for group in groups:
        phrases = [tuple(phrase) for phrase in group]
        if own.intersection(phrases):
            extra.extend(p for p in phrases if p not in own and p not in extra)
    return replace(term, alternatives=term.alternatives + tuple(extra))


def pinned_ids(folded: str, settings: CompiledSettings) -> list[str]:
    return settings.pinned.get(" ".join(words(folded)), [])


def _lexeme(word: str, *, prefix: bool, weight: str) -> str:
    marks = ("*" if prefix else "") + weight
    return f"'{word}':{marks}" if marks else f"'{word}'"


def _operand(phrase: Phrase, *, prefix: bool, weight: str) -> str:
    last = len(phrase) - 1
    parts = [_lexeme(word, prefix=prefix and i == last, weight=weight) for i, word in enumerate(phrase)]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def tsquery_text(selected: Sequence[Term], *, weight: str = "") -> str:
    """`to_tsquery` input: all terms must match, each through any of its phrases."""
    clauses = []
    for term in selected:
        options = [_operand(phrase, prefix=term.prefix, weight=weight) for phrase in term.phrases()]
        clauses.append(options[0] if len(options) == 1 else "(" + " | ".join(options) + ")")
    return " & ".join(clauses)


def compile_settings(
    synonyms: Sequence[Sequence[str]],
    stop_words: Sequence[str],
    pinned: Mapping[str, Sequence[str]],
    fold: Mapping[str, str],
) -> CompiledSettings:
    """Fold every word of the staff's settings with ``fold`` (raw text -> folded text)."""
    groups = []
    for group in synonyms:
        phrases = [words(fold[item]) for item in group]
        unique = [p for i, p in enumerate(phrases) if p and p not in phrases[:i]]
        if len(unique) > 1:
            groups.append(unique)
    stop = sorted({word for item in stop_words for word in words(fold[item])})
    pins = {" ".join(words(fold[key])): list(ids) for key, ids in pinned.items() if words(fold[key])}
    return CompiledSettings(synonyms=groups, stop_words=stop, pinned=pins)
