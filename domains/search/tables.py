"""The search domain's own records: analytics, settings, what is indexed at which version."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class SearchQueryLog(Table, tablename="search_query_log"):
    id = UUID(primary_key=True)
    query = Text()
    normalised = Varchar(length=200, index=True)
    document_type = Varchar(length=20)
    filters = JSONB(default="{}")
    hits = Integer()
    customer_id = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class SearchClick(Table, tablename="search_click"):
    id = UUID(primary_key=True)
    query_id = UUID(index=True)
    document_id = Varchar(length=64)
    position = Integer(null=True, default=None)
    customer_id = Varchar(length=64, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class SearchView(Table, tablename="search_view"):
    id = UUID(primary_key=True)
    customer_id = Varchar(length=64, index=True)
    document_id = Varchar(length=64)
    viewed_at = Timestamptz(default=TimestamptzNow())


class SearchIndexed(Table, tablename="search_indexed"):
    """Latest version applied per document: older or repeated events are skipped."""

    document_id = Varchar(length=64, primary_key=True)
    version = Timestamptz()
    category_slug = Varchar(length=200, null=True, default=None)
    brand_slug = Varchar(length=200, null=True, default=None)
    removed = Boolean(default=False)


class SearchSettingsRow(Table, tablename="search_settings"):
    id = Varchar(length=20, primary_key=True)
    settings = JSONB(default="{}")


TABLES = [SearchQueryLog, SearchClick, SearchView, SearchIndexed, SearchSettingsRow]
