"""Search engine adapters: PostgreSQL (default) and Meilisearch (when MEILI_URL is set)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.search.ports import SearchIndex


def search_index(settings: Settings, pool: Any) -> SearchIndex:
    """The engine the settings choose: Meilisearch when MEILI_URL is set, else PostgreSQL."""
    if settings.meili_url:
        from adapters.search.meilisearch import MeiliSearchIndex

        return MeiliSearchIndex(
            url=settings.meili_url, api_key=settings.meili_key, index=settings.meili_index
        )
    from adapters.search.postgres import PostgresSearchIndex

    return PostgresSearchIndex(pool)
