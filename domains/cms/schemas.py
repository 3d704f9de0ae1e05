"""HTTP bodies of the cms routes (separate from the bus messages they become)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from msgspec import UNSET, UnsetType

from core.controllers import Body
from domains.cms.messages import BodyFormat, Instant, Kind, Status

Described = msgspec.Meta


class PageCreate(Body, frozen=True, kw_only=True):
    title: str
    slug: Annotated[str | None, Described(description="made from the title when omitted")] = None
    body: Annotated[str, Described(description="source in body_format; rendered and sanitised")] = ""
    body_format: BodyFormat = "markdown"
    seo_title: str | None = None
    seo_description: str | None = None
    author: str | None = None


class PostCreate(PageCreate, frozen=True, kw_only=True):
    tags: list[str] = []


class PageUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears an optional field."""

    title: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    body: str | UnsetType = UNSET
    body_format: BodyFormat | UnsetType = UNSET
    seo_title: str | UnsetType | None = UNSET
    seo_description: str | UnsetType | None = UNSET
    author: str | UnsetType | None = UNSET


class PostUpdate(PageUpdate, frozen=True, kw_only=True):
    tags: list[str] | UnsetType = UNSET


class PublishRequest(Body, frozen=True, kw_only=True):
    publish_at: Annotated[
        Instant | None, Described(description="a future time schedules; absent or past publishes now")
    ] = None


class ContentView(msgspec.Struct, frozen=True, kw_only=True):
    """A page or post as staff edit it. ``body`` is the source; ``body_html`` what is shown."""

    id: str
    kind: Kind
    slug: str
    title: str
    body: str
    body_format: BodyFormat
    body_html: str
    excerpt: str
    seo_title: str | None
    seo_description: str | None
    author: str | None
    tags: list[str]
    status: Status
    publish_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PublicPage(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    slug: str
    title: str
    body_html: str
    seo_title: str | None
    seo_description: str | None
    published_at: datetime
    updated_at: datetime


class PublicPost(PublicPage, frozen=True, kw_only=True):
    excerpt: str
    author: str | None
    tags: list[str]


class PostSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    slug: str
    title: str
    excerpt: str
    author: str | None
    tags: list[str]
    published_at: datetime


class BannerCreate(Body, frozen=True, kw_only=True):
    title: str
    image_url: Annotated[str, Described(description="http(s) URL or a path starting with /")]
    link_url: str | None = None
    placement: Annotated[str, Described(examples=["home_hero"])]
    starts_at: Instant | None = None
    ends_at: Annotated[Instant | None, Described(description="after starts_at; exclusive")] = None
    priority: Annotated[int, Described(description="higher shows first")] = 0
    active: bool = True


class BannerUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears an optional field."""

    title: str | UnsetType = UNSET
    image_url: str | UnsetType = UNSET
    link_url: str | UnsetType | None = UNSET
    placement: str | UnsetType = UNSET
    starts_at: Instant | UnsetType | None = UNSET
    ends_at: Instant | UnsetType | None = UNSET
    priority: int | UnsetType = UNSET
    active: bool | UnsetType = UNSET


class BannerView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    image_url: str
    link_url: str | None
    placement: str
    starts_at: datetime | None
    ends_at: datetime | None
    priority: int
    active: bool
    created_at: datetime
    updated_at: datetime


class PublicBanner(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    image_url: str
    link_url: str | None
    placement: str
    priority: int
    starts_at: datetime | None
    ends_at: datetime | None
