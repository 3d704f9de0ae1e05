"""Notifications' contract for a customer's choices: channels per category, quiet hours, unsubscribing.

Transactional email (order confirmations and the like) cannot be switched off; marketing
is off on every channel until the customer turns it on. SMS and push wait out quiet hours.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Event, Query

Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class ChannelChoice(msgspec.Struct, frozen=True, kw_only=True):
    transactional: bool
    marketing: bool


class QuietHours(msgspec.Struct, frozen=True, kw_only=True):
    """From ``start`` to ``end`` ("HH:MM", the customer's time zone; may span midnight)."""

    start: str
    end: str


class PushSubscription(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    endpoint: str
    created_at: datetime


class Preferences(msgspec.Struct, frozen=True, kw_only=True):
    customer_id: UUID
    locale: str | None
    time_zone: str | None  # IANA name; None: UTC
    quiet_hours: QuietHours | None
    phone: str | None  # E.164, for SMS
    channels: dict[str, ChannelChoice]  # email, sms, push, in_app
    push_subscriptions: list[PushSubscription] = []
    updated_at: datetime | None = None


class ChoiceUpdate(msgspec.Struct, frozen=True, kw_only=True):
    transactional: bool | Unset = UNSET
    marketing: bool | Unset = UNSET


class Unsubscribed(msgspec.Struct, frozen=True, kw_only=True):
    channel: str
    category: str


class UpdatePreferences(
    Command[Preferences], frozen=True, kw_only=True, tag="notifications.UpdatePreferences"
):
    """Fields left UNSET stay; None clears an optional one. Invalid naming
    ``channels.email.transactional`` when asked to switch transactional email off."""

    key_field = "customer_id"
    customer_id: UUID
    locale: str | Unset | None = UNSET
    time_zone: str | Unset | None = UNSET
    quiet_hours: QuietHours | Unset | None = UNSET
    phone: str | Unset | None = UNSET
    channels: dict[str, ChoiceUpdate] | Unset = UNSET


class GetPreferences(Query[Preferences], frozen=True, kw_only=True, tag="notifications.GetPreferences"):
    """The customer's choices (the defaults until they change any)."""

    customer_id: UUID


class Unsubscribe(Command[Unsubscribed], frozen=True, kw_only=True, tag="notifications.Unsubscribe"):
    """Turn marketing email off for the customer a signed unsubscribe link names (one click);
    Invalid naming ``token`` for a link the shop did not sign."""

    token: str


class AddPushSubscription(
    Command[PushSubscription], frozen=True, kw_only=True, tag="notifications.AddPushSubscription"
):
    """A browser's push subscription (``PushSubscription.toJSON()``); the same endpoint again is kept once."""

    key_field = "customer_id"
    customer_id: UUID
    endpoint: str
    p256dh: str
    auth: str


class RemovePushSubscription(
    Command[None], frozen=True, kw_only=True, tag="notifications.RemovePushSubscription"
):
    key_field = "customer_id"
    customer_id: UUID
    subscription_id: UUID


class PreferencesChanged(Event, frozen=True, kw_only=True, tag="notifications.PreferencesChanged"):
    key_field = "customer_id"
    customer_id: UUID
