"""Staff's templates on PostgreSQL: one row per event, channel and locale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domains.notifications.messages import Template
from domains.notifications.tables import NotificationsTemplate

FIND = """
SELECT event, channel, locale, subject, body, html, updated_at FROM notifications_templates
WHERE event = {} AND channel = {} AND locale = any({}::text[])
ORDER BY array_position({}::text[], locale::text) LIMIT 1"""
SAVE = """
INSERT INTO notifications_templates (event, channel, locale, subject, body, html, updated_by, updated_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {})
ON CONFLICT (event, channel, locale) DO UPDATE SET subject = excluded.subject, body = excluded.body,
    html = excluded.html, updated_by = excluded.updated_by, updated_at = excluded.updated_at"""
DELETE = (
    "DELETE FROM notifications_templates WHERE event = {} AND channel = {} AND locale = {} RETURNING event"
)


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await NotificationsTemplate.raw(query, *args))


class PgTemplates:
    async def find(self, event: str, channel: str, locales: Sequence[str]) -> Template | None:
        rows = await sql(FIND, event, channel, list(locales), list(locales))
        if not rows:
            return None
        row = rows[0]
        return Template(
            event=row["event"],
            channel=row["channel"],
            locale=row["locale"],
            subject=row["subject"],
            body=row["body"],
            html=row["html"],
            customised=True,
            updated_at=row["updated_at"],
        )

    async def save(self, template: Template, actor: str | None) -> None:
        t = template
        await sql(SAVE, t.event, t.channel, t.locale, t.subject, t.body, t.html, actor, t.updated_at)

    async def delete(self, event: str, channel: str, locale: str) -> bool:
        return bool(await sql(DELETE, event, channel, locale))
