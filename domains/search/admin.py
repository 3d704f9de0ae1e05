"""Staff search routes: synonyms, stop words, pinned results, reindex, reports."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, get, post, put
from litestar.params import JSONBody, QueryParameter

from core.controllers import Bus
from core.guards import staff
from core.http import errors
from domains.search.messages import (
    ConfigureSearch,
    GetSearchReport,
    GetSearchSettings,
    RebuildIndex,
    SearchReport,
)
from domains.search.model import IndexSettings

Word = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]


class SettingsBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    synonyms: Annotated[list[list[Word]], msgspec.Meta(max_length=1000)] | None = None
    stop_words: Annotated[list[Word], msgspec.Meta(max_length=1000)] | None = None
    pinned: dict[Annotated[str, msgspec.Meta(max_length=200)], list[str]] | None = None


class Rebuilt(msgspec.Struct, frozen=True, kw_only=True):
    documents: int


class SearchAdminController(Controller):
    path = "/admin/search"
    tags = ["search (staff)"]

    @get(
        "/settings",
        operation_id="admin_get_search_settings",
        summary="Synonyms, stop words and pins",
        guards=[staff("search:read")],
        responses=errors(401, 403),
    )
    async def get_settings(self, bus: Bus) -> IndexSettings:
        return await bus.ask(GetSearchSettings())

    @put(
        "/settings",
        operation_id="admin_put_search_settings",
        summary="Change synonyms, stop words or pinned results (omitted fields stay)",
        guards=[staff("search:write")],
        responses=errors(400, 401, 403, 422),
    )
    async def put_settings(self, bus: Bus, data: JSONBody[SettingsBody]) -> IndexSettings:
        return await bus.send(
            ConfigureSearch(synonyms=data.synonyms, stop_words=data.stop_words, pinned=data.pinned)
        )

    @post(
        "/reindex",
        operation_id="admin_search_reindex",
        status_code=200,
        summary="Rebuild the index from the catalogue and CMS beside the live one, then swap",
        guards=[staff("search:write")],
        responses=errors(401, 403, 503),
    )
    async def reindex(self, bus: Bus) -> Rebuilt:
        return Rebuilt(documents=await bus.send(RebuildIndex(), timeout=600))


class SearchReportController(Controller):
    path = "/admin/reports/search"
    tags = ["reports"]

    @get(
        "/",
        operation_id="admin_search_report",
        summary="Top, zero-result and trending queries and click-through rate over the last days",
        guards=[staff("reports:read")],
        responses=errors(400, 401, 403, 422),
    )
    async def report(
        self,
        bus: Bus,
        days: Annotated[int, QueryParameter(ge=1, le=366)] = 7,
        limit: Annotated[int, QueryParameter(ge=1, le=100)] = 20,
    ) -> SearchReport:
        return await bus.ask(GetSearchReport(days=days, limit=limit))
