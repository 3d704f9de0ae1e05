"""The search store on PostgreSQL through Piccolo."""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from datetime import datetime
from typing import Generic, TypeVar
from uuid import UUID

import msgspec

from domains.search.messages import Boost, IndexSettings, QueryCount, SearchDocument, SearchReport
from domains.search.model import SearchRequest, normalise, popular, words
from domains.search.tables import SearchClick, SearchIndexed, SearchQueryLog, SearchSettingsRow, SearchView

SETTINGS_ROW = "default"
K = TypeVar("K")
V = TypeVar("V")


class TtlCache(Generic[K, V]):
    """A small in-process cache whose entries expire after ``ttl`` seconds."""

    def __init__(self, ttl: float, *, size: int) -> None:
        self._ttl, self._size = ttl, size
        self._entries: OrderedDict[K, tuple[float, V]] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def put(self, key: K, value: V) -> V:
        self._entries[key] = (time.monotonic() + self._ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return value


TOP = """
SELECT q.normalised AS query, count(*) AS searches, count(DISTINCT c.query_id) AS clicks
FROM search_query_log q LEFT JOIN search_click c ON c.query_id = q.id
WHERE q.created_at >= {} AND q.created_at < {} AND q.normalised <> ''
GROUP BY q.normalised ORDER BY searches DESC, query LIMIT {}
"""
ZERO = """
SELECT normalised AS query, count(*) AS searches FROM search_query_log
WHERE created_at >= {} AND created_at < {} AND hits = 0 AND normalised <> ''
GROUP BY normalised ORDER BY searches DESC, query LIMIT {}
"""
TRENDING = """
WITH now_window AS (
    SELECT normalised, count(*) AS n FROM search_query_log
    WHERE created_at >= {} AND created_at < {} AND normalised <> '' GROUP BY normalised
), before AS (
    SELECT normalised, count(*) AS n FROM search_query_log
    WHERE created_at >= {}::timestamptz - ({}::timestamptz - {}::timestamptz) AND created_at < {}
    GROUP BY normalised
)
SELECT w.normalised AS query, w.n AS searches, coalesce(b.n, 0) AS previous
FROM now_window w LEFT JOIN before b USING (normalised)
WHERE w.n > coalesce(b.n, 0)
ORDER BY (w.n + 1.0) / (coalesce(b.n, 0) + 1.0) DESC, w.n DESC, query LIMIT {}
"""
TOTALS = """
SELECT (SELECT count(*) FROM search_query_log WHERE created_at >= {} AND created_at < {}) AS searches,
       (SELECT count(DISTINCT c.query_id) FROM search_click c JOIN search_query_log q ON q.id = c.query_id
        WHERE q.created_at >= {} AND q.created_at < {}) AS clicked
"""
POPULAR = """
SELECT normalised, count(*) AS searches FROM search_query_log WHERE normalised LIKE {} AND hits > 0
GROUP BY normalised ORDER BY searches DESC, normalised LIMIT {}
"""
POPULAR_CANDIDATES = 200  # past queries read per prefix, before those of the same words are counted as one
RECORD_VERSION = """
INSERT INTO search_indexed (document_id, version, category_slug, brand_slug, removed) VALUES ({}, {}, {}, {}, {})
ON CONFLICT (document_id) DO UPDATE SET version = EXCLUDED.version, category_slug = EXCLUDED.category_slug,
    brand_slug = EXCLUDED.brand_slug, removed = EXCLUDED.removed
WHERE search_indexed.version < EXCLUDED.version
RETURNING document_id
"""
BOOST = """
SELECT i.category_slug, i.brand_slug FROM search_view v JOIN search_indexed i ON i.document_id = v.document_id
WHERE v.customer_id = {} ORDER BY v.viewed_at DESC LIMIT {}
"""


class PiccoloSearchStore:
    def __init__(self, *, popular_ttl: float = 10.0) -> None:
        # Popular past queries change slowly and are asked on every keystroke: keep them briefly.
        self._popular: TtlCache[tuple[str, int], list[str]] = TtlCache(popular_ttl, size=2048)

    async def log_query(
        self, query_id: UUID, request: SearchRequest, hits: int, customer_id: str | None
    ) -> None:
        await SearchQueryLog.insert(
            SearchQueryLog(
                id=query_id,
                query=request.q[:500],
                normalised=normalise(request.q)[:200],
                document_type=request.type,
                filters=msgspec.json.encode(request.filters).decode(),
                hits=hits,
                customer_id=customer_id,
            )
        ).run()

    async def log_click(
        self, query_id: UUID, document_id: str, position: int | None, customer_id: str | None
    ) -> bool:
        if not await SearchQueryLog.exists().where(SearchQueryLog.id == query_id).run():
            return False
        await SearchClick.insert(
            SearchClick(
                id=uuid.uuid4(),
                query_id=query_id,
                document_id=document_id,
                position=position,
                customer_id=customer_id,
            )
        ).run()
        return True

    async def log_view(self, customer_id: str, document_id: str) -> None:
        await SearchView.insert(
            SearchView(id=uuid.uuid4(), customer_id=customer_id, document_id=document_id)
        ).run()

    async def forget_customer(self, customer_id: str) -> None:
        await SearchView.delete().where(SearchView.customer_id == customer_id).run()
        await (
            SearchQueryLog.update({SearchQueryLog.customer_id: None})
            .where(SearchQueryLog.customer_id == customer_id)
            .run()
        )
        await (
            SearchClick.update({SearchClick.customer_id: None})
            .where(SearchClick.customer_id == customer_id)
            .run()
        )

    async def boost_for(self, customer_id: str, *, recent: int = 20) -> Boost:
        rows = await SearchView.raw(BOOST, customer_id, recent).run()
        return Boost(
            categories=list(dict.fromkeys(r["category_slug"] for r in rows if r["category_slug"])),
            brands=list(dict.fromkeys(r["brand_slug"] for r in rows if r["brand_slug"])),
        )

    async def popular_queries(self, prefix: str, *, limit: int) -> list[str]:
        key = (normalise(prefix), limit)
        cached = self._popular.get(key)
        if cached is not None:
            return cached
        if not words(key[0]):
            return []
        pattern = key[0].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await SearchQueryLog.raw(POPULAR, pattern, POPULAR_CANDIDATES).run()
        return self._popular.put(key, popular(((r["normalised"], r["searches"]) for r in rows), limit))

    async def report(self, since: datetime, until: datetime, limit: int) -> SearchReport:
        top = await SearchQueryLog.raw(TOP, since, until, limit).run()
        zero = await SearchQueryLog.raw(ZERO, since, until, limit).run()
        trending = await SearchQueryLog.raw(TRENDING, since, until, since, until, since, since, limit).run()
        totals = (await SearchQueryLog.raw(TOTALS, since, until, since, until).run())[0]
        searches, clicked = int(totals["searches"]), int(totals["clicked"])
        return SearchReport(
            since=since,
            until=until,
            searches=searches,
            clicks=clicked,
            click_through_rate=round(clicked / searches, 4) if searches else 0.0,
            top_queries=[QueryCount(**row) for row in top],
            zero_result_queries=[QueryCount(**row) for row in zero],
            trending_queries=[QueryCount(**row) for row in trending],
        )

    async def settings(self) -> IndexSettings:
        row = (
            await SearchSettingsRow.select(SearchSettingsRow.settings)
            .where(SearchSettingsRow.id == SETTINGS_ROW)
            .first()
            .run()
        )
        return msgspec.json.decode(row["settings"], type=IndexSettings) if row else IndexSettings()

    async def save_settings(self, settings: IndexSettings) -> None:
        encoded = msgspec.json.encode(settings).decode()
        await (
            SearchSettingsRow.insert(SearchSettingsRow(id=SETTINGS_ROW, settings=encoded))
            .on_conflict(target=SearchSettingsRow.id, action="DO UPDATE", values=[SearchSettingsRow.settings])
            .run()
        )

    async def record_version(
        self, document_id: str, version: datetime, document: SearchDocument | None
    ) -> bool:
        category = document.category_slugs[-1] if document and document.category_slugs else None
        brand = document.brand_slug if document else None
        rows = await SearchIndexed.raw(
            RECORD_VERSION, document_id, version, category, brand, document is None
        ).run()
        return bool(rows)
