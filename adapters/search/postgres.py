"""The search port over PostgreSQL alone: tsvector full text, pg_trgm typo tolerance, unaccent.

Schema: migrations/search/. One statement answers a search (matches, page,
total, facets); a query is analysed first: folded by the database, stop words
dropped, each long word that the vocabulary does not know widened to its
nearest vocabulary words within one typo (two from nine letters), synonyms
added, the last word completed as a prefix.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg
import msgspec

from adapters.search import postgres_sql as sql
from adapters.search.postgres_query import TextQuery, search_statement
from adapters.search.postgres_requests import check_prefix, check_settings, checked
from adapters.search.postgres_terms import (
    ONE_TYPO_FROM,
    CompiledSettings,
    Term,
    compile_settings,
    pinned_ids,
    terms,
    tsquery_text,
    with_corrections,
    with_synonyms,
)
from domains.search.model import (
    IndexSettings,
    SearchDocument,
    SearchRequest,
    SearchResult,
    Suggestions,
    matches_nothing,
    nothing_found,
)

_RESULT = msgspec.json.Decoder(SearchResult)
_COMPILED = msgspec.json.Decoder(CompiledSettings)
SUGGEST_ONE_TYPO_FROM = 4  # letters; autocomplete forgives a typo sooner than search does
_LOCK = "SELECT pg_advisory_{}(hashtext('mercato.search.rebuild'), hashtext($1))"


class Connections(Protocol):
    """An asyncpg pool, or anything lending asyncpg connections the same way."""

    def acquire(self) -> AbstractAsyncContextManager[Any]: ...


@dataclass(frozen=True)
class Analysis:
    folded: str
    terms: list[Term]
    pins: list[str]

    def text(self) -> TextQuery | None:
        if not self.terms:
            return None
        exact = tsquery_text([t for t in self.terms if not t.prefix])
        return TextQuery(exact, tsquery_text([t for t in self.terms if t.prefix]), self.folded.strip())


class PostgresSearchIndex:
    """SearchIndex in the application's own database; see tests/contracts/test_search.py."""

    def __init__(self, pool: Connections, *, table: str = "search_documents") -> None:
        self._pool = pool
        self._tables = sql.Tables(table)

    async def configure(self, settings: IndexSettings) -> None:
        check_settings(settings)
        raw = [
            *(item for group in settings.synonyms for item in group),
            *settings.stop_words,
            *settings.pinned,
        ]
        async with self._pool.acquire() as conn:
            folded = await conn.fetchval(sql.FOLD_MANY, raw)
            compiled = compile_settings(
                settings.synonyms, settings.stop_words, settings.pinned, dict(zip(raw, folded, strict=True))
            )
            await conn.execute(
                sql.save_settings(self._tables),
                msgspec.json.encode(settings).decode(),
                msgspec.json.encode(compiled).decode(),
            )

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        batch = _latest(documents)
        if batch:
            await self._on_live_and_next(lambda conn, tables: _store(conn, tables, batch))

    async def delete(self, ids: Sequence[str]) -> None:
        if ids:
            unique = sorted(set(ids))
            await self._on_live_and_next(
                lambda conn, tables: conn.execute(sql.delete(tables.documents), unique)
            )

    async def search(self, request: SearchRequest) -> SearchResult:
        valid = checked(request)
        if matches_nothing(request.q):
            return nothing_found(valid)
        async with self._pool.acquire() as conn:
            analysis = await self._analyse(conn, request.q, for_suggestions=False)
            statement, args = search_statement(self._tables.documents, valid, analysis.text(), analysis.pins)
            return _RESULT.decode(await conn.fetchval(statement, *args))

    async def suggest(self, prefix: str, *, limit: int = 8) -> Suggestions:
        check_prefix(prefix, limit)
        if limit == 0 or not prefix.strip() or matches_nothing(prefix):
            return Suggestions()
        async with self._pool.acquire() as conn:
            analysis = await self._analyse(conn, prefix, for_suggestions=True)
            if not analysis.terms:
                return Suggestions()
            found = analysis.terms
            row = await conn.fetchrow(
                sql.suggest(self._tables),
                tsquery_text(found),
                tsquery_text(found, weight="A"),
                tsquery_text(found, weight="B"),
                tsquery_text(found, weight="C"),
                analysis.folded.strip(),
                limit,
            )
        return Suggestions(
            products=list(row["products"]), brands=list(row["brands"]), categories=list(row["categories"])
        )

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        live, fresh = self._tables, self._tables.next()
        async with self._pool.acquire() as conn:
            await conn.execute(_LOCK.format("lock"), live.documents)
            try:
                for name, like in ((fresh.documents, live.documents), (fresh.vocabulary, live.vocabulary)):
                    await conn.execute(f"DROP TABLE IF EXISTS {name}")
                    await conn.execute(f"CREATE TABLE {name} (LIKE {like} INCLUDING ALL)")
                async for batch in batches:
                    await _store(conn, fresh, _latest(batch), learn=False)
                await conn.execute(sql.learn_words(fresh, everything=True))
                await _settle(conn, fresh)
                count: int = await conn.fetchval(f"SELECT count(*) FROM {fresh.documents}")
                await _swap(conn, live, fresh)
                return count
            finally:
                await conn.execute(f"DROP TABLE IF EXISTS {fresh.documents}, {fresh.vocabulary}")
                await conn.execute(_LOCK.format("unlock"), live.documents)

    async def _analyse(self, conn: Any, text: str, *, for_suggestions: bool) -> Analysis:
        row = await conn.fetchrow(sql.fold_query(self._tables), text)
        folded: str = row["folded"] or ""
        settings = _COMPILED.decode(row["compiled"]) if row["compiled"] else CompiledSettings()
        prefix_last = bool(text) and not text[-1].isspace()
        found = terms(
            folded,
            settings,
            prefix_last=prefix_last,
            keep_last=for_suggestions,
            one_typo_from=SUGGEST_ONE_TYPO_FROM if for_suggestions else ONE_TYPO_FROM,
        )
        found = await self._correct(conn, found)
        if not for_suggestions:
            found = [with_synonyms(term, settings.synonyms) for term in found]
        return Analysis(folded, found, [] if for_suggestions else pinned_ids(folded, settings))

    async def _correct(self, conn: Any, found: list[Term]) -> list[Term]:
        """Widen each long word the vocabulary does not know to its nearest known words."""
        unknown = [(i, term) for i, term in enumerate(found) if term.budget > 0]
        if not unknown:
            return found
        rows = await conn.fetch(
            sql.nearby_words(self._tables),
            [t.word for _, t in unknown],
            [t.prefix for _, t in unknown],
            [t.budget for _, t in unknown],
        )
        corrected = list(found)
        for (i, term), row in zip(unknown, sorted(rows, key=lambda r: r["ord"]), strict=True):
            corrected[i] = with_corrections(term, row["nearby"])
        return corrected

    async def _on_live_and_next(self, write: Any) -> None:
        """Write to the live table and, while a rebuild runs, to the table that will replace it."""
        fresh = self._tables.next()
        async with self._pool.acquire() as conn:
            rebuilding = await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", fresh.documents)
            await write(conn, self._tables)
            if rebuilding:
                try:
                    await write(conn, fresh)
                except asyncpg.UndefinedTableError:  # swapped in meanwhile: it is the live table now
                    await write(conn, self._tables)


def _latest(documents: Sequence[SearchDocument]) -> list[SearchDocument]:
    """One document per id, the last given winning, in id order so concurrent writers never deadlock."""
    return sorted({d.id: d for d in documents}.values(), key=lambda d: d.id)


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _payload(batch: list[SearchDocument]) -> str:
    """The documents as JSON, less any NUL character: PostgreSQL text cannot hold one."""
    payload = msgspec.json.encode(batch).decode()
    if "\\u0000" in payload:
        payload = msgspec.json.encode(_without_nul(msgspec.to_builtins(batch))).decode()
    return payload


async def _store(conn: Any, tables: sql.Tables, batch: list[SearchDocument], *, learn: bool = True) -> None:
    if not batch:
        return
    await conn.execute(sql.upsert(tables.documents), _payload(batch))
    if learn:
        await conn.execute(sql.learn_words(tables), [d.id.replace("\x00", "") for d in batch])


async def _settle(conn: Any, tables: sql.Tables) -> None:
    """Merge the GIN pending lists and gather statistics, so the first searches are as fast as any."""
    await conn.execute(sql.merge_pending(), tables.documents)
    for name in (tables.documents, tables.vocabulary):
        await conn.execute(f"ANALYZE {name}")


async def _swap(conn: Any, live: sql.Tables, fresh: sql.Tables) -> None:
    """Replace the live tables by the fresh ones in one transaction, keeping the index names."""
    async with conn.transaction():
        await conn.execute("SET LOCAL lock_timeout = '10s'")
        for old, new in ((live.documents, fresh.documents), (live.vocabulary, fresh.vocabulary)):
            wanted = {
                sql.index_shape(r["definition"]): r["name"]
                for r in await conn.fetch(sql.index_definitions(), old)
            }
            current = await conn.fetch(sql.index_definitions(), new)
            await conn.execute(f"DROP TABLE {old}")
            await conn.execute(f"ALTER TABLE {new} RENAME TO {old}")
            for r in current:
                name = wanted.get(sql.index_shape(r["definition"]))
                if name:
                    await conn.execute(f"ALTER INDEX {sql.quoted(r['name'])} RENAME TO {sql.quoted(name)}")
