"""Saved payment methods on PostgreSQL: one row per customer and token fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domains.payments.model.methods import SavedMethod
from domains.payments.tables import PaymentsSavedMethod

if TYPE_CHECKING:
    from uuid import UUID

COLUMNS = "id, customer_id, provider, token, card_fingerprint, label, brand, last4, expires, created_at"
ADD = """
INSERT INTO payments_saved_method
    (id, customer_id, provider, token, card_fingerprint, label, brand, last4, expires, created_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
ON CONFLICT (customer_id, card_fingerprint) DO NOTHING RETURNING id"""
COUNT = "SELECT count(*) AS n FROM payments_saved_method WHERE customer_id = {}"
OF = f"SELECT {COLUMNS} FROM payments_saved_method WHERE customer_id = {{}} ORDER BY created_at DESC, id DESC"
GET = f"SELECT {COLUMNS} FROM payments_saved_method WHERE customer_id = {{}} AND id = {{}}"
REMOVE = "DELETE FROM payments_saved_method WHERE customer_id = {} AND id = {} RETURNING id"
FORGET = "DELETE FROM payments_saved_method WHERE customer_id = {}"


async def _sql(query: str, *args: Any) -> list[dict[str, Any]]:
    return list(await PaymentsSavedMethod.raw(query, *args))


def _method(row: dict[str, Any]) -> SavedMethod:
    return SavedMethod(
        id=row["id"],
        customer_id=row["customer_id"],
        provider=row["provider"],
        token=row["token"],
        fingerprint=row["card_fingerprint"],
        created_at=row["created_at"],
        label=row["label"],
        brand=row["brand"],
        last4=row["last4"],
        expires=row["expires"],
    )


class PgSavedMethodStore:
    async def add(self, method: SavedMethod) -> bool:
        m = method
        shown = (m.label, m.brand, m.last4, m.expires, m.created_at)
        return bool(await _sql(ADD, m.id, m.customer_id, m.provider, m.token, m.fingerprint, *shown))

    async def count(self, customer_id: UUID) -> int:
        (row,) = await _sql(COUNT, customer_id)
        return int(row["n"])

    async def of(self, customer_id: UUID) -> list[SavedMethod]:
        return [_method(row) for row in await _sql(OF, customer_id)]

    async def get(self, customer_id: UUID, method_id: UUID) -> SavedMethod | None:
        rows = await _sql(GET, customer_id, method_id)
        return _method(rows[0]) if rows else None

    async def remove(self, customer_id: UUID, method_id: UUID) -> bool:
        return bool(await _sql(REMOVE, customer_id, method_id))

    async def forget(self, customer_id: UUID) -> None:
        await _sql(FORGET, customer_id)
