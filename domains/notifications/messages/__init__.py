"""The notifications domain's public contract: templates, preferences, the messages sent.

Another domain imports from here only: every message is re-exported. Other domains
mostly need nothing: notifications listens to their events. ``Notify`` queues an event's
messages directly (a password reset, a newsletter).
"""

from __future__ import annotations

from core.messages import declared_in
from domains.notifications.messages import deliveries, preferences, templates
from domains.notifications.messages.deliveries import (
    AddressSuppressed,
    DeliveryStatus,
    InboxItem,
    InboxPage,
    ListInbox,
    ListNotifications,
    MarkRead,
    Notification,
    NotificationFailed,
    NotificationPage,
    Notify,
    ReceiveDeliveryWebhook,
    WebhookReceipt,
)
from domains.notifications.messages.preferences import (
    AddPushSubscription,
    ChannelChoice,
    ChoiceUpdate,
    GetPreferences,
    Preferences,
    PreferencesChanged,
    PushSubscription,
    QuietHours,
    RemovePushSubscription,
    Unsubscribe,
    Unsubscribed,
    UpdatePreferences,
)
from domains.notifications.messages.templates import (
    Audience,
    Category,
    ChannelKind,
    GetTemplate,
    ListNotificationEvents,
    NotificationEvent,
    NotificationEventPage,
    PreviewTemplate,
    Rendered,
    ResetTemplate,
    SaveTemplate,
    Template,
    TemplateChanged,
)

COMMANDS, QUERIES, EVENTS = declared_in(templates, preferences, deliveries)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AddPushSubscription",
    "AddressSuppressed",
    "Audience",
    "Category",
    "ChannelChoice",
    "ChannelKind",
    "ChoiceUpdate",
    "DeliveryStatus",
    "GetPreferences",
    "GetTemplate",
    "InboxItem",
    "InboxPage",
    "ListInbox",
    "ListNotificationEvents",
    "ListNotifications",
    "MarkRead",
    "Notification",
    "NotificationEvent",
    "NotificationEventPage",
    "NotificationFailed",
    "NotificationPage",
    "Notify",
    "Preferences",
    "PreferencesChanged",
    "PreviewTemplate",
    "PushSubscription",
    "QuietHours",
    "ReceiveDeliveryWebhook",
    "RemovePushSubscription",
    "Rendered",
    "ResetTemplate",
    "SaveTemplate",
    "Template",
    "TemplateChanged",
    "Unsubscribe",
    "Unsubscribed",
    "UpdatePreferences",
    "WebhookReceipt",
]
