"""What the inventory handlers need: its stores, a clock and the reservation settings.

Stores run their statements in the unit of work open when they are called.
Every transaction that changes levels takes its locks in one order, so two never
wait on each other: the carts' holds, then the SKUs' rows (``StockStore.lock``,
sorted by SKU), then the levels. The levels are guarded by PostgreSQL itself
(conditional UPDATEs and CHECK constraints), whatever the caller did before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.uow import UnitOfWorkFactory
    from domains.inventory.messages import Movement, Reservation, StockLevel, Warehouse
    from domains.inventory.model.ledger import Entry
    from domains.inventory.model.picking import Place
    from domains.inventory.model.signals import Signal

Position = list[Any]
AllocationState = Literal["allocated", "released", "shipped"]


@dataclass(frozen=True)
class Hold:
    """Units of a SKU one cart holds in one warehouse."""

    cart_id: UUID
    sku: str
    warehouse_id: UUID
    quantity: int
    expires_at: datetime | None = None


@dataclass(frozen=True)
class AllocatedLine:
    sku: str
    warehouse_id: UUID
    code: str
    quantity: int


class WarehouseStore(Protocol):
    async def add(self, warehouse: Warehouse) -> None:
        """Store a new warehouse; ``Conflict`` naming ``code`` if the code is taken."""
        ...

    async def all(self) -> list[Warehouse]:
        """Highest priority first, then by code."""
        ...

    async def page(self, limit: int, after: Position | None) -> tuple[list[Warehouse], Position | None]:
        """In the order of ``all``, and the position after them if more follow."""
        ...

    async def by_codes(self, codes: Collection[str]) -> dict[str, Warehouse]: ...


class StockStore(Protocol):
    async def lock(self, skus: Collection[str]) -> dict[str, Signal]:
        """Lock the SKUs' rows (made if missing) until the unit of work ends; their signals."""
        ...

    async def save(self, signals: Collection[Signal]) -> None: ...

    async def places(self, skus: Collection[str]) -> dict[str, list[Place]]:
        """Each SKU's level in every warehouse that has one."""
        ...

    async def shift(self, sku: str, warehouse_id: UUID, on_hand: int, reserved: int) -> bool:
        """Add to a level in one guarded statement; False (nothing changed) if that would leave
        on_hand or reserved negative or reserved above on_hand."""
        ...

    async def record(self, entries: Sequence[Entry]) -> None:
        """Append these lines to the ledger."""
        ...

    async def available(self, skus: Collection[str]) -> dict[str, int]:
        """Units available per SKU, 0 for a SKU without stock."""
        ...

    async def level(self, sku: str) -> StockLevel: ...

    async def knows(self, sku: str) -> bool:
        """Whether the SKU was ever stocked, held or given a threshold."""
        ...

    async def movements(
        self, sku: str | None, limit: int, after: Position | None
    ) -> tuple[list[Movement], Position | None]:
        """Ledger lines, newest first, and the position after them if more follow."""
        ...


class HoldStore(Protocol):
    async def of_carts(self, cart_ids: Collection[UUID], sku: str | None = None) -> list[Hold]:
        """The carts' holds (of ``sku`` only, when given), locked until the unit of work ends."""
        ...

    async def put(self, hold: Hold) -> None:
        """Make the cart's hold in that warehouse exactly ``hold`` (quantity 0 removes it)."""
        ...

    async def add(self, hold: Hold) -> None:
        """Add ``hold.quantity`` to the cart's hold in that warehouse; its expiry becomes ``hold``'s."""
        ...

    async def clear(self, cart_id: UUID) -> None: ...

    async def renew(self, cart_id: UUID, expires_at: datetime) -> bool:
        """Give every hold of the cart this expiry; False if it holds nothing."""
        ...

    async def expire(self, now: datetime, limit: int) -> list[Hold]:
        """Remove up to ``limit`` holds expired at ``now`` and return them, skipping rows another
        transaction has locked (so several sweepers can run at once)."""
        ...

    async def reservations(self, cart_id: UUID) -> list[Reservation]: ...


class AllocationStore(Protocol):
    async def claim(self, order_id: UUID, cart_id: UUID, now: datetime) -> bool:
        """Start the order's allocation; False if the order already has one."""
        ...

    async def add(self, order_id: UUID, lines: Sequence[AllocatedLine]) -> None: ...

    async def lines(self, order_id: UUID) -> list[AllocatedLine]: ...

    async def state(self, order_id: UUID) -> AllocationState | None: ...

    async def move(self, order_id: UUID, old: AllocationState, new: AllocationState) -> bool:
        """Change the allocation's state from ``old`` to ``new``; False if it was not ``old``."""
        ...


@dataclass(frozen=True)
class InventoryDeps:
    """The second argument of every inventory handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    warehouses: WarehouseStore
    stock: StockStore
    holds: HoldStore
    allocations: AllocationStore
    clock: Callable[[], datetime]
    reservation_ttl: int = 900
    sweep_seconds: float = 5.0
    sweep_batch: int = 500
