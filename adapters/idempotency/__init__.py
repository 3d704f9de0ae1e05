"""Idempotency-Key stores: Redis when ``REDIS_URL`` is set, else PostgreSQL (``runtime_idempotency``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from config.settings import Settings
    from core.idempotency import IdempotencyStore


def idempotency_store(settings: Settings, pool: Any) -> IdempotencyStore:
    """The store the settings choose; ``pool`` is the app's asyncpg pool (used by the default store)."""
    if settings.redis_url:
        from adapters.idempotency.redis import RedisIdempotencyStore

        return RedisIdempotencyStore.from_url(settings.redis_url)
    from adapters.idempotency.postgres import PgIdempotencyStore

    return PgIdempotencyStore(pool)
