"""Pages and blog posts: their fields' rules, their life cycle and what is live when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from core.errors import Conflict
from core.validation import Findings
from domains.cms.messages import (
    AUTHOR_LENGTH,
    BODY_LENGTH,
    CONTENT_EVENTS,
    MAX_TAGS,
    SEO_DESCRIPTION_LENGTH,
    SEO_TITLE_LENGTH,
    TAG_LENGTH,
    TITLE_LENGTH,
    BodyFormat,
    ContentItem,
    ContentSnapshot,
    Kind,
    Status,
)
from domains.cms.model import markup

if TYPE_CHECKING:
    from core.messages import Event

EDITABLE = ("title", "slug", "body", "body_format", "seo_title", "seo_description", "author", "tags")
LISTED = ("published", "scheduled")  # statuses a search index keeps


def checked(kind: Kind, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The editable fields cleaned and the body rendered; Invalid names every bad field."""
    found = Findings()
    body = fields["body"] or ""
    if len(body) > BODY_LENGTH:
        found.add("body", f"at most {BODY_LENGTH} characters")
    values = {
        "title": found.text(fields["title"], "title", longest=TITLE_LENGTH),
        "slug": found.slug(fields["slug"]),
        "body_format": fields["body_format"],
        "seo_title": _optional(found, fields["seo_title"], "seo_title", SEO_TITLE_LENGTH),
        "seo_description": _optional(
            found, fields["seo_description"], "seo_description", SEO_DESCRIPTION_LENGTH
        ),
        "author": _optional(found, fields["author"], "author", AUTHOR_LENGTH),
        "tags": _tags(found, kind, fields["tags"]),
    }
    found.raise_any(f"the {kind} has invalid fields")
    values["body_html"] = markup.render(body, fields["body_format"])
    values["body_text"] = markup.plain_text(values["body_html"])
    # An HTML source is kept sanitised too, so no unsanitised HTML is ever served.
    values["body"] = values["body_html"] if fields["body_format"] == "html" else body
    return values


def _optional(found: Findings, value: str | None, field: str, longest: int) -> str | None:
    """An optional text, stripped; blank is None."""
    return found.text(value, field, longest=longest, required=False) or None


def _tags(found: Findings, kind: Kind, tags: tuple[str, ...]) -> tuple[str, ...]:
    if tags and kind == "page":
        found.add("tags", "pages have no tags")
    cleaned = tuple(dict.fromkeys(tag.strip().lower() for tag in tags if tag.strip()))
    found.at_most(cleaned, MAX_TAGS, "tags")
    if any(len(tag) > TAG_LENGTH for tag in cleaned):
        found.add("tags", f"each tag is at most {TAG_LENGTH} characters")
    return cleaned


@dataclass
class Content:
    """A page or a blog post. Changes append the events they cause to ``events``."""

    id: UUID
    kind: Kind
    slug: str
    title: str
    body: str
    body_format: BodyFormat
    body_html: str
    body_text: str
    seo_title: str | None
    seo_description: str | None
    author: str | None
    tags: tuple[str, ...]
    status: Status
    publish_at: datetime | None
    created_at: datetime
    updated_at: datetime
    events: list[Event] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def draft(cls, *, id: UUID, kind: Kind, fields: Mapping[str, Any], now: datetime) -> Content:
        content = cls(
            id=id,
            kind=kind,
            **checked(kind, fields),
            status="draft",
            publish_at=None,
            created_at=now,
            updated_at=now,
        )
        content._record("created", now)
        return content

    def edit(self, changes: Mapping[str, Any], now: datetime) -> None:
        current = {name: getattr(self, name) for name in EDITABLE}
        for name, value in checked(self.kind, {**current, **changes}).items():
            setattr(self, name, value)
        self._record("updated", now)

    def publish(self, at: datetime | None, now: datetime) -> None:
        """Live now when ``at`` is absent or past, else scheduled for ``at``."""
        if self.status_at(now) == "published":
            raise Conflict(f"the {self.kind} is already published")
        if at is not None:
            found = Findings()
            at = found.moment(at, "publish_at")
            found.raise_any("the publishing time cannot be stored")
        self.publish_at = now if at is None else at
        self.status = "scheduled" if self.publish_at > now else "published"
        self._record("published", now)

    def unpublish(self, now: datetime) -> None:
        if self.status_at(now) not in LISTED:
            raise Conflict(f"the {self.kind} is not published or scheduled")
        self.status = "draft"
        self._record("unpublished", now)

    def archive(self, now: datetime) -> None:
        if self.status == "archived":
            raise Conflict(f"the {self.kind} is already archived")
        self.status = "archived"
        self._record("archived", now)

    def delete(self, now: datetime) -> None:
        self._record("deleted", now)

    def status_at(self, now: datetime) -> Status:
        """Scheduled content whose time has come counts as published."""
        if self.status == "scheduled" and self.publish_at is not None and self.publish_at <= now:
            return "published"
        return self.status

    def live_at(self, now: datetime) -> bool:
        return self.status_at(now) == "published"

    def _record(self, change: str, now: datetime) -> None:
        if change != "deleted":
            self.updated_at = now
        self.events.append(CONTENT_EVENTS[self.kind, change](id=self.id, snapshot=self.snapshot(now)))

    def snapshot(self, now: datetime) -> ContentSnapshot:
        return ContentSnapshot(
            id=self.id,
            kind=self.kind,
            slug=self.slug,
            title=self.title,
            excerpt=markup.excerpt(self.body_text),
            text=self.body_text,
            seo_title=self.seo_title,
            seo_description=self.seo_description,
            author=self.author,
            tags=self.tags,
            status=self.status_at(now),
            publish_at=self.publish_at,
            updated_at=self.updated_at,
        )

    def view(self, now: datetime) -> ContentItem:
        return ContentItem(
            id=self.id,
            kind=self.kind,
            slug=self.slug,
            title=self.title,
            body=self.body,
            body_format=self.body_format,
            body_html=self.body_html,
            excerpt=markup.excerpt(self.body_text),
            seo_title=self.seo_title,
            seo_description=self.seo_description,
            author=self.author,
            tags=self.tags,
            status=self.status_at(now),
            publish_at=self.publish_at,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )
