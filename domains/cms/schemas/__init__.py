"""HTTP request and response shapes of the cms routes, by aggregate."""

from __future__ import annotations

from domains.cms.schemas.banners import BannerCreate, BannerUpdate, BannerView, PublicBanner
from domains.cms.schemas.content import (
    ContentView,
    PageCreate,
    PageUpdate,
    PostCreate,
    PostSummary,
    PostUpdate,
    PublicPage,
    PublicPost,
    PublishRequest,
)

__all__ = [
    "BannerCreate",
    "BannerUpdate",
    "BannerView",
    "ContentView",
    "PageCreate",
    "PageUpdate",
    "PostCreate",
    "PostSummary",
    "PostUpdate",
    "PublicBanner",
    "PublicPage",
    "PublicPost",
    "PublishRequest",
]
