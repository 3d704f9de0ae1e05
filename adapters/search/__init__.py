"""Search engine adapters: PostgreSQL (default) and Meilisearch (when MEILI_URL is set).

Third-party engines register through the ``mercato.search_providers`` entry points.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.search.ports import SearchIndex

ENGINES: Registry[SearchIndex] = Registry("search")


@ENGINES.provider("postgres")
def _postgres(settings: Settings, connections: Any) -> SearchIndex:
    from adapters.search.postgres import PostgresSearchIndex

    return PostgresSearchIndex(connections)


@ENGINES.provider("meilisearch")
def _meilisearch(settings: Settings, connections: Any) -> SearchIndex:
    from adapters.search.meilisearch import MeiliSearchIndex

    return MeiliSearchIndex(
        url=settings.meili_url or "", api_key=settings.meili_key, index=settings.meili_index
    )


def search_index(settings: Settings, connections: Any) -> SearchIndex:
    """The engine the settings choose: ``search_engine``, else Meilisearch when MEILI_URL is set, else PostgreSQL."""
    name = settings.search_engine or ("meilisearch" if settings.meili_url else "postgres")
    return ENGINES.create(name, settings, connections)
