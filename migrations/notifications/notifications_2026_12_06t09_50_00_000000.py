"""Notification templates, preferences, push subscriptions, order contacts, messages, suppressions.

A message's status and category are CHECKed; the sender finds due messages through a
partial index on queued ones, the inbox through one on in-app ones. A suppression is one
row per channel and address.
"""

from adapters.db.migrations import sql_migration

ID = "2026-12-06T09:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = (
    "notifications: templates, preferences, push subscriptions, order contacts, messages, suppressions"
)

forwards = sql_migration(
    migration_id=ID,
    app="notifications",
    description=DESCRIPTION,
    up="""
CREATE TABLE notifications_templates (
    event VARCHAR(64) NOT NULL,
    channel VARCHAR(16) NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'in_app')),
    locale VARCHAR(16) NOT NULL CHECK (locale ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
    subject TEXT,
    body TEXT NOT NULL,
    html TEXT,
    updated_by VARCHAR(200),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (event, channel, locale)
);
CREATE TABLE notifications_preferences (
    customer_id UUID PRIMARY KEY,
    email TEXT,
    phone VARCHAR(16) CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
    locale VARCHAR(16),
    time_zone VARCHAR(64),
    quiet_start VARCHAR(5),
    quiet_end VARCHAR(5),
    channels JSONB NOT NULL DEFAULT '{}'::jsonb,
    updated_at TIMESTAMPTZ,
    CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
CREATE TABLE notifications_push_subscriptions (
    id UUID PRIMARY KEY,
    customer_id UUID NOT NULL,
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notifications_push_subscriptions_customer ON notifications_push_subscriptions (customer_id);
CREATE TABLE notifications_orders (
    order_id UUID PRIMARY KEY,
    number VARCHAR(32) NOT NULL,
    customer_id UUID,
    email TEXT,
    locale VARCHAR(16) NOT NULL,
    total VARCHAR(64) NOT NULL,
    lines JSONB NOT NULL DEFAULT '[]'::jsonb,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notifications_orders_customer ON notifications_orders (customer_id) WHERE customer_id IS NOT NULL;
CREATE TABLE notifications_messages (
    id UUID PRIMARY KEY,
    event VARCHAR(64) NOT NULL,
    category VARCHAR(16) NOT NULL CHECK (category IN ('transactional', 'marketing')),
    channel VARCHAR(16) NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'in_app')),
    provider VARCHAR(64) NOT NULL,
    recipient TEXT NOT NULL,
    customer_id UUID,
    locale VARCHAR(16) NOT NULL,
    subject TEXT,
    body TEXT NOT NULL,
    html TEXT,
    headers JSONB NOT NULL DEFAULT '{}'::jsonb,
    reference VARCHAR(200),
    status VARCHAR(16) NOT NULL
        CHECK (status IN ('queued', 'sent', 'delivered', 'bounced', 'failed', 'suppressed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TIMESTAMPTZ,
    last_error TEXT,
    provider_message_id VARCHAR(200),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    read_at TIMESTAMPTZ,
    CHECK (status <> 'queued' OR next_attempt_at IS NOT NULL)
);
CREATE INDEX notifications_messages_due ON notifications_messages (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_messages_inbox
    ON notifications_messages (customer_id, created_at DESC, id DESC) WHERE channel = 'in_app';
CREATE INDEX notifications_messages_by_status ON notifications_messages (status, created_at DESC, id DESC);
CREATE INDEX notifications_messages_newest ON notifications_messages (created_at DESC, id DESC);
CREATE INDEX notifications_messages_provider_id
    ON notifications_messages (provider, provider_message_id) WHERE provider_message_id IS NOT NULL;
CREATE INDEX notifications_messages_recipient ON notifications_messages (channel, recipient, created_at DESC);
CREATE INDEX notifications_messages_customer ON notifications_messages (customer_id) WHERE customer_id IS NOT NULL;
CREATE TABLE notifications_suppressions (
    channel VARCHAR(16) NOT NULL,
    address TEXT NOT NULL,
    reason VARCHAR(16) NOT NULL CHECK (reason IN ('bounce', 'complaint')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, address)
)
""",
    down="""
DROP TABLE notifications_suppressions;
DROP TABLE notifications_messages;
DROP TABLE notifications_orders;
DROP TABLE notifications_push_subscriptions;
DROP TABLE notifications_preferences;
DROP TABLE notifications_templates""",
)
