"""The search engine port (every adapter passes tests/contracts/test_search.py), the store, ``SearchDeps``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from core.bus import MessageBus
from core.uow import UnitOfWorkFactory
from domains.search.messages import Boost, IndexSettings, SearchDocument, SearchReport
from domains.search.model import SearchRequest, SearchResult, Suggestions


class SearchIndex(Protocol):
    async def configure(self, settings: IndexSettings) -> None:
        """Apply synonyms, stop words and pinned results (and the engine's own index settings)."""
        ...

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        """Add or replace documents; visible to the next search when this returns."""
        ...

    async def delete(self, ids: Sequence[str]) -> None: ...

    async def search(self, request: SearchRequest) -> SearchResult: ...

    async def suggest(self, prefix: str, *, limit: int = 8) -> Suggestions:
        """Prefix completions: product titles, category and brand names."""
        ...

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        """Build a fresh index beside the live one from ``batches``, then swap; return the count.

        The live index keeps answering searches until the swap.
        """
        ...


class SearchStore(Protocol):
    """The search domain's own records, whatever engine serves the index."""

    async def log_query(
        self, query_id: UUID, request: SearchRequest, hits: int, customer_id: str | None
    ) -> None: ...

    async def log_click(
        self, query_id: UUID, document_id: str, position: int | None, customer_id: str | None
    ) -> bool:
        """False when ``query_id`` is unknown."""
        ...

    async def log_view(self, customer_id: str, document_id: str) -> None: ...

    async def forget_customer(self, customer_id: str) -> None:
        """Erase the customer's views and unlink their searches and clicks (kept for the shop's reports)."""
        ...

    async def boost_for(self, customer_id: str, *, recent: int = 20) -> Boost: ...

    async def popular_queries(self, prefix: str, *, limit: int) -> list[str]: ...

    async def report(self, since: datetime, until: datetime, limit: int) -> SearchReport: ...

    async def settings(self) -> IndexSettings: ...

    async def save_settings(self, settings: IndexSettings) -> None: ...

    async def record_version(
        self, document_id: str, version: datetime, document: SearchDocument | None
    ) -> bool:
        """Record ``version`` as the document's applied state (``document`` None: removed from the index).

        Only when it is later than the version recorded (checked by the database, so concurrent
        subscribers agree); False, recording nothing, otherwise.
        """
        ...


@dataclass(frozen=True)
class SearchDeps:
    """What the search handlers work with."""

    index: SearchIndex
    store: SearchStore
    uow: UnitOfWorkFactory
    bus: MessageBus
