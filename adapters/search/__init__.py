"""Search engine adapters: PostgreSQL (default) and Meilisearch (when MEILI_URL is set).

Third-party engines register through the ``mercato.search_providers`` entry points.

The engine sits behind its circuit breaker ``search.<name>`` (``core.breaker``): ``search`` and
``suggest`` run within ``outbound_timeout``; ``configure``, ``upsert`` and ``delete``, which wait
for the engine's own task, within ``outbound_slow_timeout``; ``rebuild`` (paced by the catalogue's
snapshots) has no time limit. ``Unavailable`` and timeouts count as outages (a query the engine
refuses does not); while the breaker is open calls raise ``CircuitOpen``: /search answers 503 with
Retry-After.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.breaker import guard
from core.providers import Registry

if TYPE_CHECKING:
    from config.settings import Settings
    from domains.search.ports import SearchIndex

ENGINES: Registry[SearchIndex] = Registry("search")
QUICK, SLOW, UNTIMED = ("search", "suggest"), ("configure", "upsert", "delete"), ("rebuild",)


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
    timeouts: dict[str, float | None] = {
        **dict.fromkeys(QUICK, settings.outbound_timeout),
        **dict.fromkeys(SLOW, settings.outbound_slow_timeout),
        **dict.fromkeys(UNTIMED, None),
    }
    return guard(
        ENGINES.create(name, settings, connections),
        f"search.{name}",
        timeouts,
        failures=settings.breaker_failures,
        reset_seconds=settings.breaker_reset_seconds,
    )
