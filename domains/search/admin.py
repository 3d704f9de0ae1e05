"""Staff search routes: synonyms, stop words, pinned results, reindex, reports."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post, put
from litestar.params import JSONBody, QueryParameter

from core.controllers import Bus, message
from core.guards import staff
from core.http import errors
from domains.search.messages import (
    MAX_REPORT_DAYS,
    MAX_REPORT_ROWS,
    ConfigureSearch,
    GetSearchReport,
    GetSearchSettings,
    IndexSettings,
    RebuildIndex,
    SearchReport,
)
from domains.search.schemas import Rebuilt, SettingsBody

REINDEX_SECONDS = 600


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
        responses=errors(400, 401, 403, 422, 503),
    )
    async def put_settings(self, bus: Bus, data: JSONBody[SettingsBody]) -> IndexSettings:
        return await bus.send(message(data, ConfigureSearch))

    @post(
        "/reindex",
        operation_id="admin_search_reindex",
        status_code=200,
        summary="Rebuild the index from the catalogue and CMS beside the live one, then swap",
        guards=[staff("search:write")],
        responses=errors(401, 403, 503),
    )
    async def reindex(self, bus: Bus) -> Rebuilt:
        return Rebuilt(documents=await bus.send(RebuildIndex(), timeout=REINDEX_SECONDS))


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
        days: Annotated[int, QueryParameter(ge=1, le=MAX_REPORT_DAYS)] = 7,
        limit: Annotated[int, QueryParameter(ge=1, le=MAX_REPORT_ROWS)] = 20,
    ) -> SearchReport:
        return await bus.ask(GetSearchReport(days=days, limit=limit))


ROUTES = [SearchAdminController, SearchReportController]
