"""The PostgreSQL implementations of the cms stores, by aggregate."""

from __future__ import annotations

from domains.cms.repository.banners import PgBannerRepository
from domains.cms.repository.content import PgContentRepository

__all__ = ["PgBannerRepository", "PgContentRepository"]
