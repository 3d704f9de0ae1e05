"""Carts' holds on stock, and orders' allocations made from them.

A hold keeps units reserved for a cart until ``expires_at``; a sweeper releases
expired holds. An allocation keeps units reserved for an order until they are
shipped or released.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Query


class ItemQuantity(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    quantity: int


class Reservation(msgspec.Struct, frozen=True, kw_only=True):
    """What a cart holds of a SKU; quantity 0 and expires_at None: nothing held."""

    cart_id: UUID
    sku: str
    quantity: int
    expires_at: datetime | None


class AllocationLine(msgspec.Struct, frozen=True, kw_only=True):
    sku: str
    warehouse: str
    quantity: int


class Allocation(msgspec.Struct, frozen=True, kw_only=True):
    order_id: UUID
    lines: list[AllocationLine]


class ReserveStock(Command[Reservation], frozen=True, kw_only=True, tag="inventory.ReserveStock"):
    """Set the cart's hold on ``sku`` to exactly ``quantity`` (0 releases it), expiring in
    ``ttl_seconds`` (default: the shop's reservation TTL). Conflict naming ``quantity`` when
    the increase is not available; then nothing changes."""

    key_field = "sku"
    cart_id: UUID
    sku: str
    quantity: int
    ttl_seconds: int | None = None


class RenewReservations(
    Command[datetime | None], frozen=True, kw_only=True, tag="inventory.RenewReservations"
):
    """Give every hold of the cart a fresh expiry; the new expiry, or None when nothing is held."""

    key_field = "cart_id"
    cart_id: UUID


class ReleaseReservations(Command[None], frozen=True, kw_only=True, tag="inventory.ReleaseReservations"):
    key_field = "cart_id"
    cart_id: UUID


class MoveReservations(Command[None], frozen=True, kw_only=True, tag="inventory.MoveReservations"):
    """Hand a (guest) cart's holds to another cart, added to what that one holds."""

    key_field = "to_cart_id"
    from_cart_id: UUID
    to_cart_id: UUID


class AllocateStock(Command[Allocation], frozen=True, kw_only=True, tag="inventory.AllocateStock"):
    """Turn the cart's holds into the order's allocation, taking from available stock what the
    holds lack; warehouses in ``country`` first, then by priority. All or nothing (Conflict
    naming the SKU); a repeat for the same order returns the first allocation."""

    key_field = "order_id"
    order_id: UUID
    cart_id: UUID
    items: list[ItemQuantity]
    country: str | None = None


class ReleaseAllocation(Command[None], frozen=True, kw_only=True, tag="inventory.ReleaseAllocation"):
    """Give the order's units back (idempotent): to available, or as ``back_to_cart``'s holds."""

    key_field = "order_id"
    order_id: UUID
    reason: str
    back_to_cart: UUID | None = None


class ShipAllocation(Command[None], frozen=True, kw_only=True, tag="inventory.ShipAllocation"):
    """The order's allocated units leave the warehouses (idempotent)."""

    key_field = "order_id"
    order_id: UUID


class GetReservations(Query[list[Reservation]], frozen=True, kw_only=True, tag="inventory.GetReservations"):
    cart_id: UUID


class GetAllocation(Query[Allocation], frozen=True, kw_only=True, tag="inventory.GetAllocation"):
    """The order's allocation: which units of each SKU come from which warehouse (shipped or not;
    none once released). NotFound when the order has no allocation."""

    order_id: UUID
