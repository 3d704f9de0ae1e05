"""In-memory stand-ins for the search ports, with the same rules as the PostgreSQL ones."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from uuid import UUID

from core.messages import Message
from domains.search.messages import Boost, IndexSettings, SearchDocument, SearchReport
from domains.search.model import Hit, SearchRequest, SearchResult, Suggestions
from domains.search.ports import SearchDeps, SearchIndex, SearchStore
from tests.support.fakes import AnsweringBus, Transactions


class FakeIndex(SearchIndex):
    """Documents by id; every write is logged so a test can count them."""

    def __init__(self) -> None:
        self.documents: dict[str, SearchDocument] = {}
        self.writes: list[tuple[str, str]] = []
        self.configured: list[IndexSettings] = []

    async def configure(self, settings: IndexSettings) -> None:
        self.configured.append(settings)

    async def upsert(self, documents: Sequence[SearchDocument]) -> None:
        for document in documents:
            self.documents[document.id] = document
            self.writes.append(("upsert", document.id))

    async def delete(self, ids: Sequence[str]) -> None:
        for document_id in ids:
            self.documents.pop(document_id, None)
            self.writes.append(("delete", document_id))

    async def search(self, request: SearchRequest) -> SearchResult:
        hits = [Hit(document=d) for d in self.documents.values() if request.q.lower() in d.title.lower()]
        return SearchResult(hits=hits[: request.limit], total=len(hits))

    async def suggest(self, prefix: str, *, limit: int = 8) -> Suggestions:
        titles = [d.title for d in self.documents.values() if d.title.lower().startswith(prefix.lower())]
        return Suggestions(products=titles[:limit])

    async def rebuild(self, batches: AsyncIterator[Sequence[SearchDocument]]) -> int:
        self.documents = {d.id: d async for batch in batches for d in batch}
        return len(self.documents)


class FakeStore(SearchStore):
    def __init__(self) -> None:
        self.versions: dict[str, datetime] = {}
        self.queries: dict[UUID, str] = {}
        self.clicks: list[tuple[UUID, str]] = []
        self.views: list[tuple[str, str]] = []
        self.saved = IndexSettings()

    async def log_query(
        self, query_id: UUID, request: SearchRequest, hits: int, customer_id: str | None
    ) -> None:
        self.queries[query_id] = request.q

    async def log_click(
        self, query_id: UUID, document_id: str, position: int | None, customer_id: str | None
    ) -> bool:
        if query_id not in self.queries:
            return False
        self.clicks.append((query_id, document_id))
        return True

    async def log_view(self, customer_id: str, document_id: str) -> None:
        self.views.append((customer_id, document_id))

    async def forget_customer(self, customer_id: str) -> None:
        self.views = [(who, document) for who, document in self.views if who != customer_id]

    async def boost_for(self, customer_id: str, *, recent: int = 20) -> Boost:
        return Boost()

    async def popular_queries(self, prefix: str, *, limit: int) -> list[str]:
        return sorted({q for q in self.queries.values() if q.startswith(prefix)})[:limit]

    async def report(self, since: datetime, until: datetime, limit: int) -> SearchReport:
        return SearchReport(
            since=since,
            until=until,
            searches=len(self.queries),
            clicks=len(self.clicks),
            click_through_rate=0.0,
            top_queries=[],
            zero_result_queries=[],
            trending_queries=[],
        )

    async def settings(self) -> IndexSettings:
        return self.saved

    async def save_settings(self, settings: IndexSettings) -> None:
        self.saved = settings

    async def record_version(
        self, document_id: str, version: datetime, document: SearchDocument | None
    ) -> bool:
        if document_id in self.versions and self.versions[document_id] >= version:
            return False
        self.versions[document_id] = version
        return True


class FakeBus(AnsweringBus):
    """Answers the snapshot queries of a rebuild from fixed pages."""

    def __init__(self, replies: dict[type[Message], list[object]]) -> None:
        super().__init__({kind: lambda query: replies[type(query)].pop(0) for kind in replies})


class World:
    def __init__(self, bus: object = None) -> None:
        self.index = FakeIndex()
        self.store = FakeStore()
        self.uow = Transactions()
        self.deps = SearchDeps(index=self.index, store=self.store, uow=self.uow, bus=bus)  # type: ignore[arg-type]
