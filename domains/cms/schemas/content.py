"""HTTP bodies of the page and post routes (separate from the bus messages they become).

Field lengths and enums are checked on decoding (400); what needs trimming or the whole
input first (a slug's shape, tags, a page without tags) is the model's (422, every bad
field named at once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from core.controllers import Body
from core.http import NO_NUL
from core.slugs import MAX_SLUG
from domains.cms.messages import (
    AUTHOR_LENGTH,
    BODY_LENGTH,
    MAX_TAGS,
    SEO_DESCRIPTION_LENGTH,
    SEO_TITLE_LENGTH,
    TAG_LENGTH,
    TITLE_LENGTH,
    BodyFormat,
    Instant,
    Kind,
    Status,
)

Title = Annotated[
    str, Meta(min_length=1, max_length=TITLE_LENGTH, description="blank after trimming is refused")
]
Slug = Annotated[
    str,
    Meta(
        max_length=MAX_SLUG,
        description="lower-case letters, digits and single dashes, not shaped like a UUID; unique per kind; "
        "on create, made from the title when omitted",
        examples=["shipping-and-returns"],
    ),
]
SourceBody = Annotated[
    str, Meta(max_length=BODY_LENGTH, description="source in body_format; rendered and sanitised")
]
SeoTitle = Annotated[str, Meta(max_length=SEO_TITLE_LENGTH)]
SeoDescription = Annotated[str, Meta(max_length=SEO_DESCRIPTION_LENGTH)]
Author = Annotated[str, Meta(max_length=AUTHOR_LENGTH)]
TAGS = "kept trimmed, lower-case and without repeats"
Tag = Annotated[str, Meta(max_length=TAG_LENGTH)]
Tags = Annotated[list[Tag], Meta(max_length=MAX_TAGS, description=TAGS)]
# OpenAPI shows an optional field as a oneOf whose bounds sit beside it: the items' bound too.
TagsChange = Annotated[
    list[Tag],
    Meta(
        max_length=MAX_TAGS,
        description=TAGS,
        extra_json_schema={
            "extra": {"items": {"type": "string", "maxLength": TAG_LENGTH, "pattern": NO_NUL}}
        },
    ),
]


class PageCreate(Body, frozen=True, kw_only=True):
    title: Title
    slug: Slug | None = None
    body: SourceBody = ""
    body_format: BodyFormat = "markdown"
    seo_title: SeoTitle | None = None
    seo_description: SeoDescription | None = None
    author: Author | None = None


class PostCreate(PageCreate, frozen=True, kw_only=True):
    tags: Tags = []


class PageUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears an optional field."""

    title: Title | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    body: SourceBody | UnsetType = UNSET
    body_format: BodyFormat | UnsetType = UNSET
    seo_title: SeoTitle | UnsetType | None = UNSET
    seo_description: SeoDescription | UnsetType | None = UNSET
    author: Author | UnsetType | None = UNSET


class PostUpdate(PageUpdate, frozen=True, kw_only=True):
    tags: TagsChange | UnsetType = UNSET


class PublishRequest(Body, frozen=True, kw_only=True):
    publish_at: Annotated[
        Instant | None,
        Meta(description="with a time zone; a future time schedules, absent or past publishes now"),
    ] = None


class ContentView(msgspec.Struct, frozen=True, kw_only=True):
    """A page or post as staff edit it. ``body`` is the source; ``body_html`` what is shown."""

    id: UUID
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
    id: UUID
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
    id: UUID
    slug: str
    title: str
    excerpt: str
    author: str | None
    tags: list[str]
    published_at: datetime
