"""The messages sent and the suppressed addresses, on PostgreSQL.

Due messages are claimed with ``FOR UPDATE SKIP LOCKED``, so several senders never take the
same one; lists are keyset pages, newest first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from core.paging import Page, decode_time_and_id, encode_cursor
from domains.notifications.messages import InboxPage, Notification
from domains.notifications.model import Delivery
from domains.notifications.tables import NotificationsMessage

FIELDS = (
    "id", "event", "category", "channel", "provider", "recipient", "customer_id", "locale", "subject",
    "body", "html", "headers", "reference", "status", "attempts", "next_attempt_at", "last_error",
    "provider_message_id", "created_at", "sent_at", "delivered_at", "read_at",
)  # fmt: skip
COLUMNS = ", ".join("headers::text AS headers" if f == "headers" else f for f in FIELDS)
ADD = f"""
INSERT INTO notifications_messages ({", ".join(FIELDS)})
VALUES ({", ".join("{}::jsonb" if f == "headers" else "{}" for f in FIELDS)})"""
# read_at is the shopper's alone (MARK_READ): a delivery saved after they read it must not undo that.
SAVE = """
UPDATE notifications_messages SET status = {}, attempts = {}, next_attempt_at = {}, last_error = {},
    provider_message_id = {}, sent_at = {}, delivered_at = {} WHERE id = {}"""
CLAIM = f"""
UPDATE notifications_messages SET attempts = attempts + 1, next_attempt_at = {{}}
WHERE id IN (SELECT id FROM notifications_messages WHERE status = 'queued' AND next_attempt_at <= {{}}
             ORDER BY next_attempt_at, id LIMIT {{}} FOR UPDATE SKIP LOCKED)
RETURNING {COLUMNS}"""
AFTER = "({}::timestamptz IS NULL OR (created_at, id) < ({}::timestamptz, {}::uuid))"
PAGE = f"""
SELECT {COLUMNS} FROM notifications_messages WHERE ({{}}::text IS NULL OR status = {{}}) AND {AFTER}
ORDER BY created_at DESC, id DESC LIMIT {{}}"""
INBOX = "channel = 'in_app' AND customer_id = {} AND status NOT IN ('failed', 'suppressed')"
INBOX_PAGE = f"""
SELECT {COLUMNS} FROM notifications_messages WHERE {INBOX} AND (NOT {{}} OR read_at IS NULL) AND {AFTER}
ORDER BY created_at DESC, id DESC LIMIT {{}}"""
UNREAD = f"SELECT count(*) AS unread FROM notifications_messages WHERE {INBOX} AND read_at IS NULL"
MARK_READ = f"""
UPDATE notifications_messages SET read_at = coalesce(read_at, {{}}) WHERE id = {{}} AND {INBOX}
RETURNING {COLUMNS}"""
SUPPRESS = """
INSERT INTO notifications_suppressions (channel, address, reason, created_at) VALUES ({}, {}, {}, {})
ON CONFLICT (channel, address) DO NOTHING RETURNING address"""
_headers = msgspec.json.Decoder(dict[str, str])


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await NotificationsMessage.raw(query, *args))


def _delivery(row: dict[str, Any]) -> Delivery:
    return Delivery(**{**row, "headers": _headers.decode(row["headers"])})


def _position(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    return decode_time_and_id(cursor)


def _next(rows: list[dict[str, Any]], limit: int) -> str | None:
    if len(rows) <= limit:
        return None
    last = rows[limit - 1]
    return encode_cursor([last["created_at"].isoformat(), str(last["id"])])


class PgDeliveries:
    async def add(self, delivery: Delivery) -> None:
        values = [getattr(delivery, f) for f in FIELDS]
        values[FIELDS.index("headers")] = msgspec.json.encode(delivery.headers).decode()
        await sql(ADD, *values)

    async def save(self, delivery: Delivery) -> None:
        d = delivery
        await sql(
            SAVE, d.status, d.attempts, d.next_attempt_at, d.last_error, d.provider_message_id,
            d.sent_at, d.delivered_at, d.id,
        )  # fmt: skip

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Delivery]:
        return [_delivery(row) for row in await sql(CLAIM, lease_until, now, limit)]

    async def by_provider_id(self, provider: str, provider_message_id: str) -> Delivery | None:
        query = f"SELECT {COLUMNS} FROM notifications_messages WHERE provider = {{}} AND provider_message_id = {{}}"
        rows = await sql(query + " FOR UPDATE", provider, provider_message_id)
        return _delivery(rows[0]) if rows else None

    async def latest_to(self, channel: str, address: str) -> Delivery | None:
        query = f"""
SELECT {COLUMNS} FROM notifications_messages WHERE channel = {{}} AND recipient = {{}} AND status <> 'suppressed'
ORDER BY created_at DESC, id DESC LIMIT 1 FOR UPDATE"""
        rows = await sql(query, channel, address)
        return _delivery(rows[0]) if rows else None

    async def page(self, status: str | None, limit: int, cursor: str | None) -> Page[Notification]:
        at, after = _position(cursor)
        rows = await sql(PAGE, status, status, at, at, after, limit + 1)
        return Page(items=[_delivery(row).view() for row in rows[:limit]], next_cursor=_next(rows, limit))

    async def inbox(self, customer_id: UUID, unread_only: bool, limit: int, cursor: str | None) -> InboxPage:
        at, after = _position(cursor)
        rows = await sql(INBOX_PAGE, customer_id, unread_only, at, at, after, limit + 1)
        (count,) = await sql(UNREAD, customer_id)
        return InboxPage(
            items=[_delivery(row).inbox_item() for row in rows[:limit]],
            unread=count["unread"],
            next_cursor=_next(rows, limit),
        )

    async def mark_read(self, customer_id: UUID, delivery_id: UUID, now: datetime) -> Delivery | None:
        rows = await sql(MARK_READ, now, delivery_id, customer_id)
        return _delivery(rows[0]) if rows else None

    async def forget(self, customer_id: UUID) -> None:
        await sql("DELETE FROM notifications_messages WHERE customer_id = {}", customer_id)


class PgSuppressions:
    async def add(self, channel: str, address: str, reason: str, now: datetime) -> bool:
        return bool(await sql(SUPPRESS, channel, address, reason, now))

    async def has(self, channel: str, address: str) -> bool:
        query = "SELECT 1 AS found FROM notifications_suppressions WHERE channel = {} AND address = {}"
        return bool(await sql(query, channel, address))
