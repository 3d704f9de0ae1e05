"""The public contract of pages and blog posts: commands, queries and events.

Content is live when its status is "published", or "scheduled" with
``publish_at <= now``; readers decide that at read time, no scheduler runs.

Content events carry a ``ContentSnapshot`` fit for a search index. An indexer
removes the item on ``*Deleted``; on any other event it keeps the item when
``snapshot.status`` is "published" or "scheduled" (showing it only once
``publish_at <= now``) and removes it otherwise. ``ListContentForIndex`` pages
through the same snapshots for a full reindex.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from core.messages import Command, Event, Query
from core.paging import DEFAULT_LIMIT, Page

Kind = Literal["page", "post"]
Status = Literal["draft", "scheduled", "published", "archived"]
BodyFormat = Literal["markdown", "html"]
Instant = Annotated[datetime, msgspec.Meta(tz=True)]

# What the server accepts: the model enforces these, the HTTP schemas document them.
TITLE_LENGTH = 200
BODY_LENGTH = 200_000
SEO_TITLE_LENGTH = 200
SEO_DESCRIPTION_LENGTH = 500
AUTHOR_LENGTH = 120
TAG_LENGTH = 40
MAX_TAGS = 20


class ContentItem(msgspec.Struct, frozen=True, kw_only=True):
    """A page or post. ``body`` is the source as written (HTML sources are kept
    sanitised); ``body_html`` is the sanitised HTML to show; ``status`` is as of now."""

    id: UUID
    kind: Kind
    slug: str
    title: str
    body: str
    body_format: BodyFormat
    body_html: str
    excerpt: str
    seo_title: str | None = None
    seo_description: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    status: Status
    publish_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class ContentSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """What a search index needs of a page or post: plain text, no HTML."""

    id: UUID
    kind: Kind
    slug: str
    title: str
    excerpt: str
    text: str
    seo_title: str | None = None
    seo_description: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()
    status: Status
    publish_at: datetime | None = None
    updated_at: datetime


# --- content commands -------------------------------------------------------


class CreateContent(Command[ContentItem], frozen=True, kw_only=True, tag="cms.CreateContent"):
    """Create a draft. Without a slug, one is made from the title (suffixed -2, -3 if taken)."""

    key_field = "kind"
    kind: Kind
    title: str
    slug: str | None = None
    body: str = ""
    body_format: BodyFormat = "markdown"
    seo_title: str | None = None
    seo_description: str | None = None
    author: str | None = None
    tags: tuple[str, ...] = ()


class UpdateContent(Command[ContentItem], frozen=True, kw_only=True, tag="cms.UpdateContent"):
    """Change the fields given; UNSET leaves a field as it is."""

    key_field = "id"
    kind: Kind
    id: UUID
    title: str | UnsetType = UNSET
    slug: str | UnsetType = UNSET
    body: str | UnsetType = UNSET
    body_format: BodyFormat | UnsetType = UNSET
    seo_title: str | UnsetType | None = UNSET
    seo_description: str | UnsetType | None = UNSET
    author: str | UnsetType | None = UNSET
    tags: tuple[str, ...] | UnsetType = UNSET


class PublishContent(Command[ContentItem], frozen=True, kw_only=True, tag="cms.PublishContent"):
    """Publish now (no ``publish_at``, or one in the past) or schedule for a future ``publish_at``."""

    key_field = "id"
    kind: Kind
    id: UUID
    publish_at: Instant | None = None


class UnpublishContent(Command[ContentItem], frozen=True, kw_only=True, tag="cms.UnpublishContent"):
    """Take published or scheduled content back to draft."""

    key_field = "id"
    kind: Kind
    id: UUID


class ArchiveContent(Command[ContentItem], frozen=True, kw_only=True, tag="cms.ArchiveContent"):
    key_field = "id"
    kind: Kind
    id: UUID


class DeleteContent(Command[None], frozen=True, kw_only=True, tag="cms.DeleteContent"):
    key_field = "id"
    kind: Kind
    id: UUID


# --- content queries --------------------------------------------------------


class GetContent(Query[ContentItem], frozen=True, kw_only=True, tag="cms.GetContent"):
    """Any status, for staff."""

    kind: Kind
    id: UUID


class ListContent(Query[Page[ContentItem]], frozen=True, kw_only=True, tag="cms.ListContent"):
    """Any status (or one ``status``, as of now), newest created first, for staff."""

    kind: Kind
    status: Status | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


class GetPublishedContent(Query[ContentItem], frozen=True, kw_only=True, tag="cms.GetPublishedContent"):
    """The live page or post with this slug; NotFound otherwise."""

    kind: Kind
    slug: str


class ListPublishedPosts(Query[Page[ContentItem]], frozen=True, kw_only=True, tag="cms.ListPublishedPosts"):
    """Live posts, newest ``publish_at`` first, optionally with a tag."""

    tag: str | None = None
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT


class ListContentForIndex(
    Query[Page[ContentSnapshot]], frozen=True, kw_only=True, tag="cms.ListContentForIndex"
):
    """Snapshots of published and scheduled pages and posts, by id, for reindexing."""

    cursor: str | None = None
    limit: int = 100


# --- events -----------------------------------------------------------------


class ContentChanged(Event, frozen=True, kw_only=True):
    """Base of the content events: the item as it is after the change."""

    key_field = "id"
    id: UUID
    snapshot: ContentSnapshot


class PageCreated(ContentChanged, frozen=True, kw_only=True, tag="cms.PageCreated"): ...


class PageUpdated(ContentChanged, frozen=True, kw_only=True, tag="cms.PageUpdated"): ...


class PagePublished(ContentChanged, frozen=True, kw_only=True, tag="cms.PagePublished"): ...


class PageUnpublished(ContentChanged, frozen=True, kw_only=True, tag="cms.PageUnpublished"): ...


class PageArchived(ContentChanged, frozen=True, kw_only=True, tag="cms.PageArchived"): ...


class PageDeleted(ContentChanged, frozen=True, kw_only=True, tag="cms.PageDeleted"): ...


class PostCreated(ContentChanged, frozen=True, kw_only=True, tag="cms.PostCreated"): ...


class PostUpdated(ContentChanged, frozen=True, kw_only=True, tag="cms.PostUpdated"): ...


class PostPublished(ContentChanged, frozen=True, kw_only=True, tag="cms.PostPublished"): ...


class PostUnpublished(ContentChanged, frozen=True, kw_only=True, tag="cms.PostUnpublished"): ...


class PostArchived(ContentChanged, frozen=True, kw_only=True, tag="cms.PostArchived"): ...


class PostDeleted(ContentChanged, frozen=True, kw_only=True, tag="cms.PostDeleted"): ...


CONTENT_EVENTS: dict[tuple[Kind, str], type[ContentChanged]] = {
    ("page", "created"): PageCreated,
    ("page", "updated"): PageUpdated,
    ("page", "published"): PagePublished,
    ("page", "unpublished"): PageUnpublished,
    ("page", "archived"): PageArchived,
    ("page", "deleted"): PageDeleted,
    ("post", "created"): PostCreated,
    ("post", "updated"): PostUpdated,
    ("post", "published"): PostPublished,
    ("post", "unpublished"): PostUnpublished,
    ("post", "archived"): PostArchived,
    ("post", "deleted"): PostDeleted,
}
