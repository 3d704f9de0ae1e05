"""Customers' choices, their push subscriptions and the order contacts, on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from domains.notifications.messages import ChannelChoice, PushSubscription, QuietHours
from domains.notifications.model import CustomerPreferences, OrderContact, PushTarget
from domains.notifications.tables import NotificationsPreference

COLUMNS = "customer_id, email, phone, locale, time_zone, quiet_start, quiet_end, channels::text AS channels, updated_at"
SAVE = """
INSERT INTO notifications_preferences
    (customer_id, email, phone, locale, time_zone, quiet_start, quiet_end, channels, updated_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}::jsonb, {})
ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, phone = excluded.phone,
    locale = excluded.locale, time_zone = excluded.time_zone, quiet_start = excluded.quiet_start,
    quiet_end = excluded.quiet_end, channels = excluded.channels, updated_at = excluded.updated_at"""
LEARN_EMAIL = """
INSERT INTO notifications_preferences (customer_id, email) VALUES ({}, {})
ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email"""
ADD_PUSH = """
INSERT INTO notifications_push_subscriptions (id, customer_id, endpoint, p256dh, auth, created_at)
VALUES ({}, {}, {}, {}, {}, {})
ON CONFLICT (endpoint) DO UPDATE SET customer_id = excluded.customer_id, p256dh = excluded.p256dh,
    auth = excluded.auth
RETURNING id, endpoint, created_at"""
KEEP_ORDER = """
INSERT INTO notifications_orders (order_id, number, customer_id, email, locale, total, lines)
VALUES ({}, {}, {}, {}, {}, {}, {}::jsonb) ON CONFLICT (order_id) DO NOTHING"""
_choices = msgspec.json.Decoder(dict[str, ChannelChoice])
_lines = msgspec.json.Decoder(list[dict[str, Any]])


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await NotificationsPreference.raw(query, *args))


def _preferences(row: dict[str, Any]) -> CustomerPreferences:
    quiet = None
    if row["quiet_start"] and row["quiet_end"]:
        quiet = QuietHours(start=row["quiet_start"], end=row["quiet_end"])
    prefs = CustomerPreferences(
        customer_id=row["customer_id"],
        email=row["email"],
        phone=row["phone"],
        locale=row["locale"],
        time_zone=row["time_zone"],
        quiet_hours=quiet,
        updated_at=row["updated_at"],
    )
    prefs.channels.update(_choices.decode(row["channels"]))
    return prefs


class PgPreferences:
    async def get(self, customer_id: UUID, *, lock: bool = False) -> CustomerPreferences | None:
        query = f"SELECT {COLUMNS} FROM notifications_preferences WHERE customer_id = {{}}"
        rows = await sql(query + (" FOR UPDATE" if lock else ""), customer_id)
        return _preferences(rows[0]) if rows else None

    async def save(self, preferences: CustomerPreferences) -> None:
        p, quiet = preferences, preferences.quiet_hours
        channels = msgspec.json.encode(p.channels).decode()
        start, end = (quiet.start, quiet.end) if quiet else (None, None)
        await sql(
            SAVE, p.customer_id, p.email, p.phone, p.locale, p.time_zone, start, end, channels, p.updated_at
        )

    async def learn_email(self, customer_id: UUID, email: str) -> None:
        await sql(LEARN_EMAIL, customer_id, email)

    async def forget(self, customer_id: UUID) -> None:
        await sql("DELETE FROM notifications_preferences WHERE customer_id = {}", customer_id)


class PgPushSubscriptions:
    async def of(self, customer_id: UUID) -> list[PushSubscription]:
        rows = await sql(
            "SELECT id, endpoint, created_at FROM notifications_push_subscriptions WHERE customer_id = {} "
            "ORDER BY created_at, id",
            customer_id,
        )
        return [PushSubscription(**row) for row in rows]

    async def add(self, customer_id: UUID, target: PushTarget, now: datetime) -> PushSubscription:
        t = target
        (row,) = await sql(ADD_PUSH, uuid4(), customer_id, t.endpoint, t.p256dh, t.auth, now)
        return PushSubscription(**row)

    async def remove(self, customer_id: UUID, subscription_id: UUID) -> bool:
        query = "DELETE FROM notifications_push_subscriptions WHERE id = {} AND customer_id = {} RETURNING id"
        return bool(await sql(query, subscription_id, customer_id))

    async def target(self, endpoint: str) -> PushTarget | None:
        query = "SELECT endpoint, p256dh, auth FROM notifications_push_subscriptions WHERE endpoint = {}"
        rows = await sql(query, endpoint)
        return PushTarget(**rows[0]) if rows else None

    async def drop(self, endpoint: str) -> None:
        await sql("DELETE FROM notifications_push_subscriptions WHERE endpoint = {}", endpoint)

    async def forget(self, customer_id: UUID) -> None:
        await sql("DELETE FROM notifications_push_subscriptions WHERE customer_id = {}", customer_id)


class PgOrderContacts:
    async def keep(self, contact: OrderContact) -> None:
        c = contact
        lines = msgspec.json.encode(c.lines).decode()
        await sql(KEEP_ORDER, c.order_id, c.number, c.customer_id, c.email, c.locale, c.total, lines)

    async def get(self, order_id: UUID) -> OrderContact | None:
        query = (
            "SELECT order_id, number, customer_id, email, locale, total, lines::text AS lines "
            "FROM notifications_orders WHERE order_id = {}"
        )
        rows = await sql(query, order_id)
        if not rows:
            return None
        row = rows[0]
        return OrderContact(**{**row, "lines": _lines.decode(row["lines"])})

    async def forget(self, customer_id: UUID) -> None:
        await sql("DELETE FROM notifications_orders WHERE customer_id = {}", customer_id)
