"""The blocklist staff keep, on PostgreSQL: one row per (kind, value), newest first."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from core.paging import Page, decode_cursor, encode_cursor, unknown_cursor
from domains.payments.messages.fraud import BlockEntry
from domains.payments.tables import PaymentsBlocklist

if TYPE_CHECKING:
    from uuid import UUID

    from domains.payments.messages.fraud import BlockKind

COLUMNS = "id, kind, value, note, created_by, created_at"
ADD = f"""
INSERT INTO payments_blocklist (id, kind, value, note, created_by) VALUES ({{}}, {{}}, {{}}, {{}}, {{}})
ON CONFLICT (kind, value) DO NOTHING RETURNING {COLUMNS}"""
GET = f"SELECT {COLUMNS} FROM payments_blocklist WHERE id = {{}}"
ANNOTATE = f"UPDATE payments_blocklist SET note = {{}} WHERE id = {{}} RETURNING {COLUMNS}"
REMOVE = "DELETE FROM payments_blocklist WHERE id = {} RETURNING id"
PAGE = f"""
SELECT {COLUMNS} FROM payments_blocklist
WHERE ({{}}::text IS NULL OR kind = {{}}) AND (created_at, id) < ({{}}::timestamptz, {{}}::uuid)
ORDER BY created_at DESC, id DESC LIMIT {{}}"""
END = "9999-12-31T00:00:00+00:00"
LAST_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff"


async def _sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await PaymentsBlocklist.raw(query, *args))


def _entry(row: dict[str, Any]) -> BlockEntry:
    return BlockEntry(
        id=row["id"],
        kind=row["kind"],
        value=row["value"],
        note=row["note"],
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def _first(rows: list[dict[str, Any]]) -> BlockEntry | None:
    return _entry(rows[0]) if rows else None


def _position(cursor: str | None) -> tuple[datetime, str]:
    position = decode_cursor(cursor) or [END, LAST_ID]
    try:
        created_at, entry_id = position
        return datetime.fromisoformat(created_at), str(entry_id)
    except (TypeError, ValueError):
        raise unknown_cursor() from None


class PgBlocklistStore:
    async def add(
        self, kind: BlockKind, value: str, note: str | None, actor: str | None
    ) -> BlockEntry | None:
        return _first(await _sql(ADD, uuid4(), kind, value, note, actor))

    async def get(self, entry_id: UUID) -> BlockEntry | None:
        return _first(await _sql(GET, entry_id))

    async def annotate(self, entry_id: UUID, note: str | None) -> BlockEntry | None:
        return _first(await _sql(ANNOTATE, note, entry_id))

    async def remove(self, entry_id: UUID) -> bool:
        return bool(await _sql(REMOVE, entry_id))

    async def page(self, kind: BlockKind | None, limit: int, cursor: str | None) -> Page[BlockEntry]:
        before, last_id = _position(cursor)
        rows = await _sql(PAGE, kind, kind, before, last_id, limit + 1)
        items = [_entry(row) for row in rows[:limit]]
        if len(rows) <= limit:
            return Page(items=items)
        last = items[-1]
        return Page(items=items, next_cursor=encode_cursor([last.created_at.isoformat(), str(last.id)]))
