"""HTTP request and response structs of the notifications domain, with the limits the server enforces.

Replies are the contract's structs.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from core.controllers import Body
from core.http import NO_NUL
from domains.notifications import messages as m

Unset = msgspec.UnsetType
UNSET = msgspec.UNSET
ChannelName = Literal["email", "sms", "push", "in_app"]
EventName = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=64, pattern=r"^[a-z][a-z_]*$", description="such as order_placed"),
]
Locale = Annotated[
    str, msgspec.Meta(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$", description="a language tag such as en or de-AT")
]
Subject = Annotated[str, msgspec.Meta(max_length=500, pattern=NO_NUL, description="a Jinja2 template")]
Source = Annotated[
    str, msgspec.Meta(min_length=1, max_length=20_000, pattern=NO_NUL, description="a Jinja2 template")
]
Clock = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="HH:MM, 24-hour")]
Zone = Annotated[str, msgspec.Meta(min_length=1, max_length=64, description="IANA time zone: Europe/Berlin")]
Phone = Annotated[str, msgspec.Meta(pattern=r"^\+[1-9]\d{6,14}$", description="E.164: +4915112345678")]
Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
Key = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_=-]+$")]


class TemplateBody(Body, frozen=True, kw_only=True):
    """Staff's template: ``subject`` for email, push and in-app (none for SMS); ``html`` for email only.
    Variables are the event's (see its sample in ``GET /admin/notifications/templates``)."""

    subject: Subject | None = None
    body: Source
    html: Source | None = None


class PreviewBody(Body, frozen=True, kw_only=True):
    event: EventName
    channel: ChannelName
    locale: Locale = "en"
    subject: Subject | None = None
    body: Source
    html: Source | None = None
    payload: (
        Annotated[dict[str, Any], msgspec.Meta(description="the variables; default: the event's sample")]
        | None
    ) = None


class ChoiceBody(Body, frozen=True, kw_only=True):
    transactional: bool | Unset = UNSET
    marketing: bool | Unset = UNSET


class ChannelsBody(Body, frozen=True, kw_only=True):
    """The channels to change, each by its name: a struct, not a dict, so the schema lists the names."""

    email: ChoiceBody | Unset = UNSET
    sms: ChoiceBody | Unset = UNSET
    push: ChoiceBody | Unset = UNSET
    in_app: ChoiceBody | Unset = UNSET


class QuietHoursBody(Body, frozen=True, kw_only=True):
    start: Clock
    end: Clock


class PreferencesUpdate(Body, frozen=True, kw_only=True):
    """Fields left out stay; ``null`` clears an optional one. Transactional email cannot be switched off."""

    locale: Locale | Unset | None = UNSET
    time_zone: Zone | Unset | None = UNSET
    quiet_hours: QuietHoursBody | Unset | None = UNSET
    phone: Phone | Unset | None = UNSET
    channels: ChannelsBody | Unset = UNSET


class PushKeys(Body, frozen=True, kw_only=True):
    p256dh: Key
    auth: Key


class PushSubscriptionBody(Body, frozen=True, kw_only=True):
    """A browser's ``PushSubscription.toJSON()``."""

    endpoint: Annotated[str, msgspec.Meta(min_length=9, max_length=2000, pattern=r"^https://\S+$")]
    expirationTime: int | None = None  # noqa: N815 - the browser's name
    keys: PushKeys


class NotifyBody(Body, frozen=True, kw_only=True):
    """Send ``event``'s messages to a customer (by their choices) or to an email address."""

    event: EventName
    customer_id: UUID | None = None
    email: Email | None = None
    locale: Locale | None = None
    payload: Annotated[dict[str, Any], msgspec.Meta(description="the template's variables")] = {}
    reference: Annotated[str, msgspec.Meta(max_length=200, pattern=NO_NUL)] | None = None


Template = m.Template
Rendered = m.Rendered
NotificationEvent = m.NotificationEvent
NotificationEventPage = m.NotificationEventPage
Preferences = m.Preferences
PushSubscription = m.PushSubscription
InboxPage = m.InboxPage
InboxItem = m.InboxItem
Notification = m.Notification
NotificationPage = m.NotificationPage
Unsubscribed = m.Unsubscribed
WebhookReceipt = m.WebhookReceipt
