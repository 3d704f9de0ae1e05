"""The notifications model: the event catalogue and default templates, preferences, deliveries."""

from __future__ import annotations

from domains.notifications.model.catalogue import CATALOGUE, CHANNEL_KINDS, notification_event
from domains.notifications.model.channels import (
    DeliveryReport,
    Outcome,
    Outgoing,
    PushTarget,
    SendFailed,
    Sent,
    TemplateError,
    WebhookRefused,
)
from domains.notifications.model.contacts import OrderContact
from domains.notifications.model.defaults import DEFAULT_LOCALE, default_template, locales_to_try
from domains.notifications.model.deliveries import Delivery, RetryPolicy
from domains.notifications.model.preferences import CustomerPreferences, held_until, zone_of

__all__ = [
    "CATALOGUE",
    "CHANNEL_KINDS",
    "DEFAULT_LOCALE",
    "CustomerPreferences",
    "Delivery",
    "DeliveryReport",
    "OrderContact",
    "Outcome",
    "Outgoing",
    "PushTarget",
    "RetryPolicy",
    "SendFailed",
    "Sent",
    "TemplateError",
    "WebhookRefused",
    "default_template",
    "held_until",
    "locales_to_try",
    "notification_event",
    "zone_of",
]
