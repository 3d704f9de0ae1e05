"""The PostgreSQL store of segments and their stored members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec
from asyncpg.exceptions import UniqueViolationError

from core.errors import Conflict, FieldError
from core.paging import Page, decode_cursor, encode_cursor, unknown_cursor
from domains.customers.messages import CustomerSummary, SegmentRules
from domains.customers.model import Segment
from domains.customers.repository.profiles import newest_first_after, sql, summaries

if TYPE_CHECKING:
    from collections.abc import Sequence

SELECT = """
SELECT s.id, s.name, s.description, s.kind, s.rules::text AS rules, s.created_at, s.updated_at,
       (SELECT count(*) FROM customers_segment_members m WHERE m.segment_id = s.id) AS member_count
FROM customers_segments s"""
ADD = """
INSERT INTO customers_segments (id, name, description, kind, rules, created_at, updated_at)
VALUES ({}, {}, {}, {}, {}::jsonb, {}, {})"""
SAVE = "UPDATE customers_segments SET name = {}, description = {}, rules = {}::jsonb, updated_at = {} WHERE id = {}"
JOIN = """
INSERT INTO customers_segment_members (segment_id, customer_id)
SELECT {}, unnest({}::uuid[]) ON CONFLICT DO NOTHING RETURNING customer_id"""
LEAVE = """
DELETE FROM customers_segment_members WHERE segment_id = {} AND customer_id = any({}::uuid[])
RETURNING customer_id"""
LEAVE_ALL_BUT = """
DELETE FROM customers_segment_members WHERE segment_id = {} AND NOT (customer_id = any({}::uuid[]))
RETURNING customer_id"""
JOIN_RULES = """
INSERT INTO customers_segment_members (segment_id, customer_id)
SELECT unnest({}::uuid[]), {} ON CONFLICT DO NOTHING RETURNING segment_id"""
LEAVE_RULES = """
DELETE FROM customers_segment_members
WHERE customer_id = {} AND segment_id = any({}::uuid[]) AND NOT (segment_id = any({}::uuid[]))
RETURNING segment_id"""
MEMBERS = """
SELECT p.id, p.email, p.first_name, p.last_name, p.tags, p.blocked_at IS NOT NULL AS blocked, p.created_at
FROM customers_segment_members m JOIN customers_profiles p ON p.id = m.customer_id
WHERE m.segment_id = {} AND p.erased_at IS NULL
  AND ({}::timestamptz IS NULL OR (p.created_at, p.id) < ({}::timestamptz, {}::uuid))
ORDER BY p.created_at DESC, p.id DESC LIMIT {}"""


def _rules(raw: str | None) -> SegmentRules | None:
    return None if raw is None else msgspec.json.decode(raw, type=SegmentRules)


def _json(rules: SegmentRules | None) -> str | None:
    return None if rules is None else msgspec.json.encode(rules).decode()


def _segment(row: dict[str, Any]) -> Segment:
    return Segment(**{**row, "rules": _rules(row["rules"]), "member_count": int(row["member_count"])})


def _name_taken(name: str) -> Conflict:
    return Conflict(f"a segment named {name!r} exists", errors=[FieldError("name", "is already taken")])


class PgSegments:
    async def get(self, segment_id: UUID, *, lock: bool = False) -> Segment | None:
        rows = await sql(SELECT + " WHERE s.id = {}" + (" FOR UPDATE OF s" if lock else ""), segment_id)
        return _segment(rows[0]) if rows else None

    async def add(self, segment: Segment) -> None:
        s = segment
        try:
            await sql(ADD, s.id, s.name, s.description, s.kind, _json(s.rules), s.created_at, s.updated_at)
        except UniqueViolationError:
            raise _name_taken(s.name) from None

    async def save(self, segment: Segment) -> None:
        s = segment
        try:
            await sql(SAVE, s.name, s.description, _json(s.rules), s.updated_at, s.id)
        except UniqueViolationError:
            raise _name_taken(s.name) from None

    async def delete(self, segment_id: UUID) -> None:
        await sql("DELETE FROM customers_segments WHERE id = {}", segment_id)

    async def page(self, limit: int, cursor: str | None) -> Page[Segment]:
        position = decode_cursor(cursor)
        if position is not None and (len(position) != 2 or not all(isinstance(p, str) for p in position)):
            raise unknown_cursor()
        after = "" if position is None else " WHERE (s.name, s.id) > ({}, {}::uuid)"
        args = [] if position is None else [position[0], _uuid(position[1])]
        rows = await sql(SELECT + after + " ORDER BY s.name, s.id LIMIT {}", *args, limit + 1)
        items = [_segment(row) for row in rows[:limit]]
        more = len(rows) > limit
        return Page(
            items=items, next_cursor=encode_cursor([items[-1].name, str(items[-1].id)]) if more else None
        )

    async def rule_segments(self) -> list[Segment]:
        return [
            _segment(row) for row in await sql(SELECT + " WHERE s.kind = 'rule' ORDER BY s.id FOR SHARE OF s")
        ]

    async def of_customer(self, customer_id: UUID) -> list[Segment]:
        where = " WHERE s.id IN (SELECT segment_id FROM customers_segment_members WHERE customer_id = {})"
        return [_segment(row) for row in await sql(SELECT + where + " ORDER BY s.name", customer_id)]

    async def add_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        return [row["customer_id"] for row in await sql(JOIN, segment_id, list(customer_ids))]

    async def remove_members(self, segment_id: UUID, customer_ids: Sequence[UUID]) -> list[UUID]:
        return [row["customer_id"] for row in await sql(LEAVE, segment_id, list(customer_ids))]

    async def replace_members(
        self, segment_id: UUID, customer_ids: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        left = [row["customer_id"] for row in await sql(LEAVE_ALL_BUT, segment_id, list(customer_ids))]
        return await self.add_members(segment_id, customer_ids), left

    async def set_rule_memberships(
        self, customer_id: UUID, rule_segment_ids: Sequence[UUID], wanted: Sequence[UUID]
    ) -> tuple[list[UUID], list[UUID]]:
        left = await sql(LEAVE_RULES, customer_id, list(rule_segment_ids), list(wanted))
        joined = await sql(JOIN_RULES, list(wanted), customer_id)
        return [row["segment_id"] for row in joined], [row["segment_id"] for row in left]

    async def members(self, segment_id: UUID, limit: int, cursor: str | None) -> Page[CustomerSummary]:
        at, after_id = newest_first_after(cursor)
        return summaries(await sql(MEMBERS, segment_id, at, at, after_id, limit + 1), limit)

    async def drop_customer(self, customer_id: UUID) -> list[UUID]:
        rows = await sql(
            "DELETE FROM customers_segment_members WHERE customer_id = {} RETURNING segment_id", customer_id
        )
        return [row["segment_id"] for row in rows]


def _uuid(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise unknown_cursor() from None
