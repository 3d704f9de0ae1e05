"""The PostgreSQL store of returns (their lines and history as JSONB) and the orders' refunds ledger."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from core.errors import Conflict
from core.paging import Page, decode_time_and_id, encode_cursor
from domains.inventory.messages import ItemQuantity
from domains.orders.messages import ReceivedItem, ReturnStatusChange
from domains.orders.model import Restock, Return
from domains.orders.tables import OrdersReturn

if TYPE_CHECKING:
    from domains.orders.messages import ReturnStatus
    from domains.orders.model import Order

COLUMNS = (
    "id",
    "order_id",
    "order_number",
    "email",
    "currency",
    "status",
    "items",
    "reason",
    "received",
    "restocks",
    "refund",
    "rejection_reason",
    "status_history",
    "version",
    "requested_at",
    "updated_at",
)
_JSONB = {"items", "received", "restocks", "status_history"}
ADD = f"""
INSERT INTO orders_returns ({", ".join(COLUMNS)})
VALUES ({", ".join("{}::jsonb" if c in _JSONB else "{}" for c in COLUMNS)})"""
SAVE = """
UPDATE orders_returns SET status = {}, received = {}::jsonb, restocks = {}::jsonb, refund = {},
    rejection_reason = {}, status_history = {}::jsonb, updated_at = {}, version = version + 1
WHERE id = {} AND version = {} RETURNING version"""
SELECT = f"SELECT {', '.join(COLUMNS)} FROM orders_returns"
PAGE = f"""{SELECT}
WHERE ({{}}::text IS NULL OR status = {{}}::text)
  AND ({{}}::timestamptz IS NULL OR (requested_at, id) < ({{}}::timestamptz, {{}}::uuid))
ORDER BY requested_at DESC, id DESC LIMIT {{}}"""
UNFINISHED = """
SELECT id FROM orders_returns WHERE status = 'received' AND updated_at < {} ORDER BY updated_at LIMIT {}"""
RECORD = """
INSERT INTO orders_refunds (id, order_id, amount, currency, total_refunded, reason, return_id, actor, created_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})"""
_ITEMS = msgspec.json.Decoder(list[ItemQuantity])
_RECEIVED = msgspec.json.Decoder(list[ReceivedItem])
_RESTOCKS = msgspec.json.Decoder(list[Restock])
_HISTORY = msgspec.json.Decoder(list[ReturnStatusChange])


async def sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await OrdersReturn.raw(query, *args))


def _json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _return(row: dict[str, Any]) -> Return:
    return Return(
        id=row["id"],
        order_id=row["order_id"],
        order_number=row["order_number"],
        email=row["email"],
        currency=row["currency"],
        status=row["status"],
        items=_ITEMS.decode(row["items"]),
        reason=row["reason"],
        history=_HISTORY.decode(row["status_history"]),
        requested_at=row["requested_at"],
        updated_at=row["updated_at"],
        received=_RECEIVED.decode(row["received"]),
        restocks=_RESTOCKS.decode(row["restocks"]),
        refund=row["refund"],
        rejection_reason=row["rejection_reason"],
        version=row["version"],
    )


def _position(cursor: str | None) -> tuple[datetime | None, UUID | None]:
    return decode_time_and_id(cursor)


class PgReturnRepository:
    async def add(self, found: Return) -> None:
        r = found
        await sql(
            ADD,
            *(r.id, r.order_id, r.order_number, r.email, r.currency, r.status, _json(r.items), r.reason),
            *(_json(r.received), _json(r.restocks), r.refund, r.rejection_reason, _json(r.history)),
            *(r.version, r.requested_at, r.updated_at),
        )

    async def get(self, return_id: UUID, *, lock: bool = False) -> Return | None:
        rows = await sql(SELECT + " WHERE id = {}" + (" FOR UPDATE" if lock else ""), return_id)
        return _return(rows[0]) if rows else None

    async def save(self, found: Return) -> None:
        r = found
        rows = await sql(
            SAVE,
            *(r.status, _json(r.received), _json(r.restocks), r.refund, r.rejection_reason),
            *(_json(r.history), r.updated_at, r.id, r.version),
        )
        if not rows:
            raise Conflict("the return was changed meanwhile: read it again and retry")
        found.version = rows[0]["version"]

    async def of_order(self, order_id: UUID) -> list[Return]:
        rows = await sql(SELECT + " WHERE order_id = {} ORDER BY requested_at, id", order_id)
        return [_return(row) for row in rows]

    async def page(self, *, status: ReturnStatus | None, limit: int, cursor: str | None) -> Page[Return]:
        after_at, after = _position(cursor)
        rows = await sql(PAGE, status, status, after_at, after_at, after, limit + 1)
        found = [_return(row) for row in rows[:limit]]
        last = found[-1] if len(rows) > limit else None
        following = encode_cursor([last.requested_at.isoformat(), str(last.id)]) if last else None
        return Page(items=found, next_cursor=following)

    async def unfinished(self, before: datetime, limit: int) -> list[UUID]:
        return [row["id"] for row in await sql(UNFINISHED, before, limit)]


class PgRefundLedger:
    async def record(
        self,
        order: Order,
        *,
        amount: int,
        actor: str,
        reason: str | None,
        return_id: UUID | None,
        at: datetime,
    ) -> None:
        await sql(
            RECORD,
            *(uuid.uuid4(), order.id, amount, order.plan.currency, order.refunded),
            *(reason, return_id, actor[:100], at),
        )
