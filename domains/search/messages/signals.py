"""Signals: what shoppers searched, clicked and viewed, the boosts and reports made of them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Query, declared

MAX_REPORT_DAYS = 366
MAX_REPORT_ROWS = 100


class Boost(msgspec.Struct, frozen=True, kw_only=True):
    """Personalisation: favour these categories and brands (e.g. recently viewed)."""

    categories: list[str] = []
    brands: list[str] = []


class QueryCount(msgspec.Struct, frozen=True, kw_only=True):
    query: str
    searches: int
    clicks: int = 0
    previous: int = 0


class SearchReport(msgspec.Struct, frozen=True, kw_only=True):
    since: datetime
    until: datetime
    searches: int
    clicks: int
    click_through_rate: float
    top_queries: list[QueryCount]
    zero_result_queries: list[QueryCount]
    trending_queries: list[QueryCount]


class RecordClick(Command[None], frozen=True, kw_only=True, tag="search.RecordClick"):
    query_id: UUID
    document_id: str
    position: int | None = None
    customer_id: str | None = None


class RecordView(Command[None], frozen=True, kw_only=True, tag="search.RecordView"):
    """A signed-in customer looked at a product: feeds personalised boosts."""

    key_field = "customer_id"
    customer_id: str
    document_id: str


class GetBoost(Query[Boost], frozen=True, kw_only=True, tag="search.GetBoost"):
    customer_id: str


class GetSearchReport(Query[SearchReport], frozen=True, kw_only=True, tag="search.GetSearchReport"):
    days: int = 7
    limit: int = 20


COMMANDS, QUERIES, EVENTS = declared(globals())
