"""The PostgreSQL store of address books; the partial unique indexes keep one default of each kind."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any

from asyncpg.exceptions import UniqueViolationError

from core.errors import Conflict
from domains.customers.model import Address
from domains.customers.repository.profiles import sql

if TYPE_CHECKING:
    from uuid import UUID

COLUMNS = tuple(f.name for f in fields(Address))
SELECT = f"SELECT {', '.join(COLUMNS)} FROM customers_addresses WHERE customer_id = {{}}"
ADD = f"INSERT INTO customers_addresses ({', '.join(COLUMNS)}) VALUES ({', '.join('{}' for _ in COLUMNS)})"
SAVE = f"UPDATE customers_addresses SET {', '.join(f'{c} = {{}}' for c in COLUMNS[2:])} WHERE id = {{}}"
HAND_OVER = """
UPDATE customers_addresses SET default_shipping = default_shipping AND NOT {},
                               default_billing = default_billing AND NOT {}
WHERE customer_id = {} AND id <> {} AND ((default_shipping AND {}) OR (default_billing AND {}))"""


class PgAddresses:
    async def of(self, customer_id: UUID) -> list[Address]:
        return [Address(**row) for row in await sql(SELECT + " ORDER BY created_at, id", customer_id)]

    async def get(self, customer_id: UUID, address_id: UUID) -> Address | None:
        rows = await sql(SELECT + " AND id = {}", customer_id, address_id)
        return Address(**rows[0]) if rows else None

    async def add(self, address: Address) -> None:
        await self._hand_over_defaults(address)
        await _guarded(ADD, *(getattr(address, c) for c in COLUMNS))

    async def save(self, address: Address) -> None:
        await self._hand_over_defaults(address)
        await _guarded(SAVE, *(getattr(address, c) for c in COLUMNS[2:]), address.id)

    async def remove(self, customer_id: UUID, address_id: UUID) -> bool:
        deleted = await sql(
            "DELETE FROM customers_addresses WHERE customer_id = {} AND id = {} RETURNING id",
            customer_id,
            address_id,
        )
        return bool(deleted)

    async def remove_all(self, customer_id: UUID) -> None:
        await sql("DELETE FROM customers_addresses WHERE customer_id = {}", customer_id)

    async def _hand_over_defaults(self, address: Address) -> None:
        """The other addresses stop being the default this one becomes."""
        shipping, billing = address.default_shipping, address.default_billing
        if shipping or billing:
            await sql(HAND_OVER, shipping, billing, address.customer_id, address.id, shipping, billing)


async def _guarded(query: str, *args: Any) -> None:
    try:
        await sql(query, *args)
    except UniqueViolationError:
        raise Conflict("another address just became the default; try again") from None
