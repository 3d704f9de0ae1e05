"""The notifications domain's Piccolo tables; CHECKs, keys and indexes live in its migration."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class NotificationsTemplate(Table, tablename="notifications_templates"):
    """Staff's version of an event's template on a channel in a locale (the default otherwise)."""

    event = Varchar(length=64)
    channel = Varchar(length=16)
    locale = Varchar(length=16)
    subject = Text(null=True, default=None)
    body = Text()
    html = Text(null=True, default=None)
    updated_by = Varchar(length=200, null=True, default=None)
    updated_at = Timestamptz()


class NotificationsPreference(Table, tablename="notifications_preferences"):
    customer_id = UUID(primary_key=True)
    email = Text(null=True, default=None)
    phone = Varchar(length=16, null=True, default=None)
    locale = Varchar(length=16, null=True, default=None)
    time_zone = Varchar(length=64, null=True, default=None)
    quiet_start = Varchar(length=5, null=True, default=None)
    quiet_end = Varchar(length=5, null=True, default=None)
    channels = JSONB()  # {"email": {"transactional": true, "marketing": false}, ...}
    updated_at = Timestamptz(null=True, default=None)


class NotificationsPushSubscription(Table, tablename="notifications_push_subscriptions"):
    id = UUID(primary_key=True)
    customer_id = UUID()
    endpoint = Text(unique=True)
    p256dh = Text()
    auth = Text()
    created_at = Timestamptz()


class NotificationsOrder(Table, tablename="notifications_orders"):
    """Whom to tell about an order, kept from ``orders.OrderPlaced``."""

    order_id = UUID(primary_key=True)
    number = Varchar(length=32)
    customer_id = UUID(null=True, default=None)
    email = Text(null=True, default=None)
    locale = Varchar(length=16)
    total = Varchar(length=64)
    lines = JSONB()
    created_at = Timestamptz()


class NotificationsMessage(Table, tablename="notifications_messages"):
    """One message to one address on one channel, with its delivery status and attempts."""

    id = UUID(primary_key=True)
    event = Varchar(length=64)
    category = Varchar(length=16)
    channel = Varchar(length=16)
    provider = Varchar(length=64)
    recipient = Text()
    customer_id = UUID(null=True, default=None)
    locale = Varchar(length=16)
    subject = Text(null=True, default=None)
    body = Text()
    html = Text(null=True, default=None)
    headers = JSONB()
    reference = Varchar(length=200, null=True, default=None)
    status = Varchar(length=16)
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    last_error = Text(null=True, default=None)
    provider_message_id = Varchar(length=200, null=True, default=None)
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)
    delivered_at = Timestamptz(null=True, default=None)
    read_at = Timestamptz(null=True, default=None)


class NotificationsSuppression(Table, tablename="notifications_suppressions"):
    """An address no message goes to any more: it bounced, or its owner complained."""

    channel = Varchar(length=16)
    address = Text()
    reason = Varchar(length=16)
    created_at = Timestamptz()


TABLES: list[type[Table]] = [
    NotificationsTemplate,
    NotificationsPreference,
    NotificationsPushSubscription,
    NotificationsOrder,
    NotificationsMessage,
    NotificationsSuppression,
]
