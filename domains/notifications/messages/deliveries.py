"""Notifications' contract for the messages sent: each one a row with its status and attempts.

A message is ``queued`` until the sender's worker hands it to its channel (``sent``; the
in-app channel and some providers confirm ``delivered``), or gives up after its retries
(``failed``). A provider's webhook may report it ``delivered`` or ``bounced``; a bounce
or complaint suppresses the address, and a later message to it is recorded ``suppressed``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query

DeliveryStatus = Literal["queued", "sent", "delivered", "bounced", "failed", "suppressed"]


class Notification(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event: str
    category: str
    channel: str
    provider: str
    recipient: str
    customer_id: UUID | None
    locale: str
    subject: str | None
    body: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    reference: str | None
    created_at: datetime
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    read_at: datetime | None = None


class NotificationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Notification]
    next_cursor: str | None = None


class InboxItem(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event: str
    subject: str | None
    body: str
    reference: str | None
    created_at: datetime
    read_at: datetime | None


class InboxPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[InboxItem]
    unread: int
    next_cursor: str | None = None


class WebhookReceipt(msgspec.Struct, frozen=True, kw_only=True):
    reports: int  # how many delivery reports the webhook carried
    suppressed: list[str]  # addresses no longer written to


class Notify(Command[list[Notification]], frozen=True, kw_only=True, tag="notifications.Notify"):
    """Queue ``event``'s messages to a customer (by their choices) or to an email address.

    Invalid naming ``event`` for an event the shop does not notify about, ``customer_id``
    when a marketing message has no customer (consent is a customer's), ``email`` when there
    is nobody to write to.
    """

    key_field = "event"
    event: str
    customer_id: UUID | None = None
    email: str | None = None
    locale: str | None = None
    payload: dict[str, Any] = {}
    reference: str | None = None


class ListInbox(Query[InboxPage], frozen=True, kw_only=True, tag="notifications.ListInbox"):
    """The customer's in-app notifications, newest first."""

    customer_id: UUID
    unread_only: bool = False
    limit: int = 20
    cursor: str | None = None


class MarkRead(Command[InboxItem], frozen=True, kw_only=True, tag="notifications.MarkRead"):
    """Mark one of the customer's in-app notifications read (another's is NotFound)."""

    key_field = "customer_id"
    customer_id: UUID
    notification_id: UUID


class ListNotifications(
    Query[NotificationPage], frozen=True, kw_only=True, tag="notifications.ListNotifications"
):
    """Every message, newest first, optionally of one status (staff)."""

    status: DeliveryStatus | None = None
    limit: int = 20
    cursor: str | None = None


class ReceiveDeliveryWebhook(
    Command[WebhookReceipt], frozen=True, kw_only=True, tag="notifications.ReceiveDeliveryWebhook"
):
    """A provider's delivery report, verified by its channel: a bad signature is a 400 naming
    the signature header, and nothing changes."""

    key_field = "provider"
    provider: str
    url: str
    headers: dict[str, str]
    body: bytes


class AddressSuppressed(Event, frozen=True, kw_only=True, tag="notifications.AddressSuppressed"):
    key_field = "address"
    channel: str
    address: str
    reason: str  # bounce, complaint


class NotificationFailed(Event, frozen=True, kw_only=True, tag="notifications.NotificationFailed"):
    key_field = "notification_id"
    notification_id: UUID
    event: str
    channel: str
    reason: str
