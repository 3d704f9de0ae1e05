"""Staff routes of the CMS: pages, posts and banners."""

from __future__ import annotations

from domains.cms.admin import banners, content

ROUTES = [*content.ROUTES, *banners.ROUTES]

__all__ = ["ROUTES"]
