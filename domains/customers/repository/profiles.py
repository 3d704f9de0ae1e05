"""The PostgreSQL store of profiles: rows, keyset pages with text search, the facts rules look at."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from core.paging import Page, decode_time_and_id, encode_cursor
from domains.customers.messages import CustomerSummary
from domains.customers.model import Facts, Profile
from domains.customers.tables import CustomersProfile

if TYPE_CHECKING:
    from collections.abc import Sequence

COLUMNS = (
    "id",
    "email",
    "first_name",
    "last_name",
    "phone",
    "locale",
    "marketing_consent",
    "tags",
    "blocked_at",
    "erased_at",
    "registered",
    "email_verified_at",
    "created_at",
    "updated_at",
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM customers_profiles WHERE id = {{}}"
ADD = f"""
INSERT INTO customers_profiles ({", ".join(COLUMNS)}) VALUES ({", ".join("{}" for _ in COLUMNS)})
ON CONFLICT (id) DO NOTHING RETURNING id"""
SAVE = f"""
UPDATE customers_profiles SET {", ".join(f"{c} = {{}}" for c in COLUMNS[1:])} WHERE id = {{}}"""
TEXT = "lower(email || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, ''))"
SUMMARY = "id, email, first_name, last_name, tags, blocked_at IS NOT NULL AS blocked, created_at"
PAGE = f"""
SELECT {SUMMARY} FROM customers_profiles
WHERE erased_at IS NULL AND ({{}}::text IS NULL OR {TEXT} LIKE {{}})
  AND ({{}}::timestamptz IS NULL OR (created_at, id) < ({{}}::timestamptz, {{}}::uuid))
ORDER BY created_at DESC, id DESC LIMIT {{}}"""
FACTS = """
SELECT p.id AS customer_id, p.tags, p.created_at AS registered_at,
       (SELECT a.country FROM customers_addresses a WHERE a.customer_id = p.id AND a.default_shipping) AS country,
       coalesce((SELECT sum(s.order_count) FROM customers_spend s WHERE s.customer_id = p.id), 0) AS order_count,
       coalesce((SELECT jsonb_object_agg(s.currency, s.amount) FROM customers_spend s
                 WHERE s.customer_id = p.id), jsonb_build_object())::text AS spent
FROM customers_profiles p WHERE p.id = any({}::uuid[]) AND p.erased_at IS NULL"""
IDS_AFTER = """
SELECT id FROM customers_profiles WHERE erased_at IS NULL AND ({}::uuid IS NULL OR id > {}::uuid)
ORDER BY id LIMIT {}"""


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await CustomersProfile.raw(query, *args))


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere, its wildcards taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def newest_first_after(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    return decode_time_and_id(cursor)


def summaries(rows: list[dict[str, Any]], limit: int) -> Page[CustomerSummary]:
    items = [msgspec.convert(row, CustomerSummary) for row in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    return Page(
        items=items, next_cursor=encode_cursor([last.created_at.isoformat(), str(last.id)]) if last else None
    )


class PgProfiles:
    async def get(self, customer_id: UUID, *, lock: bool = False) -> Profile | None:
        rows = await sql(SELECT + (" FOR UPDATE" if lock else ""), customer_id)
        return Profile(**rows[0]) if rows else None

    async def add(self, profile: Profile) -> bool:
        return bool(await sql(ADD, *(getattr(profile, c) for c in COLUMNS)))

    async def save(self, profile: Profile) -> None:
        await sql(SAVE, *(getattr(profile, c) for c in COLUMNS[1:]), profile.id)

    async def page(self, text: str | None, limit: int, cursor: str | None) -> Page[CustomerSummary]:
        at, after_id = newest_first_after(cursor)
        pattern = like_pattern(text) if text else None
        return summaries(await sql(PAGE, pattern, pattern, at, at, after_id, limit + 1), limit)

    async def facts(self, customer_ids: Sequence[UUID]) -> list[Facts]:
        rows = await sql(FACTS, list(customer_ids))
        return [
            Facts(
                customer_id=row["customer_id"],
                country=row["country"],
                tags=tuple(row["tags"]),
                registered_at=row["registered_at"],
                order_count=int(row["order_count"]),
                spent=msgspec.json.decode(row["spent"], type=dict[str, int]),
            )
            for row in rows
        ]

    async def ids_after(self, after: UUID | None, limit: int) -> list[UUID]:
        return [row["id"] for row in await sql(IDS_AFTER, after, after, limit)]
