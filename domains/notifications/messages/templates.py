"""Notifications' contract for templates: one per event, channel and locale, in Jinja2.

A template that staff never edited is the shipped English default; a locale without
its own template falls back to its language, then to English.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

from core.messages import Command, Event, Query

ChannelKind = Literal["email", "sms", "push", "in_app"]
Category = Literal["transactional", "marketing"]
Audience = Literal["customer", "staff"]


class Template(msgspec.Struct, frozen=True, kw_only=True):
    event: str
    channel: ChannelKind
    locale: str
    subject: str | None  # email subject, push title, in-app heading; None for SMS
    body: str  # plain text
    html: str | None  # email only, rendered with autoescape
    customised: bool  # False: the shipped default
    updated_at: datetime | None = None


class Rendered(msgspec.Struct, frozen=True, kw_only=True):
    subject: str | None
    body: str
    html: str | None


class NotificationEvent(msgspec.Struct, frozen=True, kw_only=True):
    """An event the shop notifies about, who hears of it, and the variables its templates see."""

    event: str
    category: Category
    audience: Audience
    channels: list[ChannelKind]
    sample: dict[str, Any]


class NotificationEventPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[NotificationEvent]
    next_cursor: str | None = None


class SaveTemplate(Command[Template], frozen=True, kw_only=True, tag="notifications.SaveTemplate"):
    """Replace the template; Invalid naming ``subject``, ``body`` or ``html`` when it does not
    compile or does not render against the event's sample."""

    key_field = "event"
    event: str
    channel: str
    locale: str
    subject: str | None = None
    body: str
    html: str | None = None
    actor: str | None = None


class ResetTemplate(Command[Template], frozen=True, kw_only=True, tag="notifications.ResetTemplate"):
    """Forget staff's version: the default (or the fallback locale's) applies again."""

    key_field = "event"
    event: str
    channel: str
    locale: str


class GetTemplate(Query[Template], frozen=True, kw_only=True, tag="notifications.GetTemplate"):
    """The template used for this locale (its own, its language's, or English)."""

    event: str
    channel: str
    locale: str


class PreviewTemplate(Query[Rendered], frozen=True, kw_only=True, tag="notifications.PreviewTemplate"):
    """Render the given sources against ``payload`` (default: the event's sample)."""

    event: str
    channel: str
    locale: str = "en"
    subject: str | None = None
    body: str
    html: str | None = None
    payload: dict[str, Any] | None = None


class ListNotificationEvents(
    Query[NotificationEventPage], frozen=True, kw_only=True, tag="notifications.ListNotificationEvents"
):
    """A page of the events the shop notifies about, by name."""

    limit: int = 20
    cursor: str | None = None


class TemplateChanged(Event, frozen=True, kw_only=True, tag="notifications.TemplateChanged"):
    key_field = "event"
    event: str
    channel: str
    locale: str
    customised: bool
