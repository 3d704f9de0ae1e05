"""Signals: clicks and views recorded, the boosts and staff reports made of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from core.errors import NotFound
from core.validation import Findings
from domains.customers import messages as customers
from domains.search.messages import (
    MAX_REPORT_DAYS,
    MAX_REPORT_ROWS,
    Boost,
    GetBoost,
    GetSearchReport,
    RecordClick,
    RecordView,
    SearchReport,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.search.ports import SearchDeps

MAX_DOCUMENT_ID = 64


async def record_click(command: RecordClick, deps: SearchDeps) -> None:
    found = Findings()
    document_id = found.text(command.document_id, "document_id", longest=MAX_DOCUMENT_ID)
    if command.position is not None and command.position < 0:
        found.add("position", "must not be negative")
    found.raise_any("the click is not valid")
    async with deps.uow() as uow:
        if not await deps.store.log_click(
            command.query_id, document_id, command.position, command.customer_id
        ):
            raise NotFound(f"search {command.query_id} not found")
        await uow.commit()


async def when_customer_erased_forget_them(event: customers.CustomerErased, deps: SearchDeps) -> None:
    """Privacy: an erased customer's product views go, their searches and clicks stay unattributed."""
    async with deps.uow() as uow:
        await deps.store.forget_customer(str(event.customer_id))
        await uow.commit()


async def record_view(command: RecordView, deps: SearchDeps) -> None:
    found = Findings()
    document_id = found.text(command.document_id, "document_id", longest=MAX_DOCUMENT_ID)
    found.raise_any("the view is not valid")
    async with deps.uow() as uow:
        await deps.store.log_view(command.customer_id, document_id)
        await uow.commit()


async def get_boost(query: GetBoost, deps: SearchDeps) -> Boost:
    return await deps.store.boost_for(query.customer_id)


async def get_report(query: GetSearchReport, deps: SearchDeps) -> SearchReport:
    found = Findings()
    if not 1 <= query.days <= MAX_REPORT_DAYS:
        found.add("days", f"between 1 and {MAX_REPORT_DAYS}")
    if not 1 <= query.limit <= MAX_REPORT_ROWS:
        found.add("limit", f"between 1 and {MAX_REPORT_ROWS}")
    found.raise_any("the report window is not valid")
    until = datetime.now(UTC)
    return await deps.store.report(until - timedelta(days=query.days), until, query.limit)


HANDLERS: dict[type[Message], Handler] = {
    RecordClick: record_click,
    RecordView: record_view,
    GetBoost: get_boost,
    GetSearchReport: get_report,
}
